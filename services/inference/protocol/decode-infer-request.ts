import { DATATYPE_INFO, type NamedTensor, type TensorData, V2_DATATYPES, type V2Datatype } from '../tensor';
import { readBinaryData } from './binary-tensor-data';
import { booleanParameter, countParameter, type ParameterValue, readRequestParameters, refuseSharedMemory } from './infer-parameters';
import { splitInferBody } from './infer-request-body';
import { describeValue, invalid } from './invalid';
import { hasKey, isJsonObject, type JsonObject, member, optionalObject, quoteName } from './json-object';
import { ExactIntegersNeeded, readJsonData } from './json-tensor-data';
import { readShape } from './tensor-shape';
import { parseRequestJson } from './triton-json';

/** An output a request asks for. */
export interface RequestedOutput {
  readonly name: string;
  /** Whether to return it as binary data: its `binary_data`, else the request's `binary_data_output`, else false. */
  readonly binary: boolean;
  /** Top-n classification (Triton's classification extension), when asked for with a count above 0. */
  readonly classification?: number;
}

/** An inference request of the v2 protocol, decoded. */
export interface DecodedInferRequest {
  readonly id?: string;
  /** The request's parameters, binary_data_output included. */
  readonly parameters: Readonly<Record<string, ParameterValue>>;
  readonly inputs: readonly NamedTensor[];
  /** The outputs asked for; undefined asks for every output of the model, each binary when `binaryDataOutput` is. */
  readonly outputs?: readonly RequestedOutput[];
  /** The request's `binary_data_output` parameter. @default false */
  readonly binaryDataOutput: boolean;
}

/** The largest binary_data_size: anything larger cannot be in a body Node holds. */
const MAX_BINARY_SIZE = 2 ** 32;

/**
 * Decodes an inference request: a JSON body, or with Triton's binary tensor data extension a JSON header of
 * `headerLength` bytes (the Inference-Header-Content-Length header) followed by the inputs that carry
 * `binary_data_size`, in input order. Throws only ServiceError('invalid'), naming the input and what would be valid.
 */
export function decodeInferRequest(body: Uint8Array | string, headerLength?: string | number): DecodedInferRequest {
  const split = splitInferBody(body, headerLength);
  try {
    return new RequestDecoder(split.binary, split.binaryOffset, split.hasBinaryPart, false).decode(parseRequestJson(split.json, false));
  } catch (error) {
    if (!(error instanceof ExactIntegersNeeded)) throw error;
  }
  return new RequestDecoder(split.binary, split.binaryOffset, split.hasBinaryPart, true).decode(parseRequestJson(split.json, true));
}

class RequestDecoder {
  /** How far into `binary` the inputs read so far reach. */
  private consumed = 0;

  constructor(
    private readonly binary: Uint8Array,
    private readonly binaryOffset: number,
    private readonly hasBinaryPart: boolean,
    private readonly exactIntegers: boolean,
  ) {}

  decode(document: unknown): DecodedInferRequest {
    if (!isJsonObject(document)) throw invalid(`the request must be a JSON object with "inputs", found ${describeValue(document)}`);
    const id = member(document, 'id');
    if (id !== undefined && typeof id !== 'string') throw invalid(`the request's "id" must be a string, found ${describeValue(id)}`);
    const parameterObject = optionalObject(document, 'parameters', 'the request');
    const parameters = readRequestParameters(parameterObject);
    const binaryDataOutput = booleanParameter(parameterObject, 'binary_data_output', 'the request') ?? false;
    const inputs = this.inputs(member(document, 'inputs'));
    const outputs = readRequestedOutputs(member(document, 'outputs'), binaryDataOutput);
    return { ...(id === undefined ? {} : { id }), parameters, inputs, ...(outputs === undefined ? {} : { outputs }), binaryDataOutput };
  }

  private inputs(value: unknown): NamedTensor[] {
    if (!Array.isArray(value)) throw invalid(`the request's "inputs" must be an array of tensors, found ${describeValue(value)}`);
    const names = new Set<string>();
    const inputs = value.map((input, index) => {
      const tensor = this.input(input, index);
      if (names.has(tensor.name)) throw invalid(`input ${quoteName(tensor.name)} appears more than once in "inputs"`);
      names.add(tensor.name);
      return tensor;
    });
    const left = this.binary.byteLength - this.consumed;
    if (left > 0) {
      throw invalid(`${left} bytes follow the binary data of the inputs (from body offset ${this.binaryOffset + this.consumed}); the body should end there`);
    }
    return inputs;
  }

  private input(input: unknown, index: number): NamedTensor {
    if (!isJsonObject(input)) throw invalid(`inputs[${index}] must be an object with name, shape, datatype and data, found ${describeValue(input)}`);
    const name = member(input, 'name');
    if (typeof name !== 'string' || name === '') throw invalid(`inputs[${index}]: "name" must be a non-empty string, found ${describeValue(name)}`);
    const what = `input ${quoteName(name)}`;
    const datatype = readDatatype(member(input, 'datatype'), what);
    const shape = readShape(member(input, 'shape'), what);
    const parameters = optionalObject(input, 'parameters', what);
    refuseSharedMemory(parameters, what);
    const binarySize = countParameter(parameters, 'binary_data_size', what, MAX_BINARY_SIZE);
    const hasData = hasKey(input, 'data');
    if (hasData === (binarySize !== undefined)) {
      throw invalid(`${what} must set exactly one of "data" and parameters.binary_data_size, but ${hasData ? 'sets both' : 'sets neither'}`);
    }
    const data: TensorData = binarySize === undefined ? readJsonData(what, datatype, shape, member(input, 'data'), this.exactIntegers) : this.binaryInput(what, datatype, shape, binarySize);
    return { name, datatype, shape, data };
  }

  private binaryInput(what: string, datatype: V2Datatype, shape: number[], size: number): TensorData {
    // Like Triton, an empty binary input needs no binary part.
    if (!this.hasBinaryPart && size > 0) {
      throw invalid(`${what} has binary_data_size, so the request needs the Inference-Header-Content-Length header giving the length of its JSON part`);
    }
    const start = this.consumed;
    if (start + size > this.binary.byteLength) {
      throw invalid(
        `${what}: binary_data_size ${size} at body offset ${this.binaryOffset + start} goes past the end of the body (${this.binary.byteLength - start} bytes are left)`,
      );
    }
    this.consumed += size;
    return readBinaryData(what, datatype, shape, this.binary.subarray(start, start + size), this.binaryOffset + start);
  }
}

function readDatatype(value: unknown, what: string): V2Datatype {
  if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(DATATYPE_INFO, value)) return value as V2Datatype;
  throw invalid(`${what}: datatype ${describeValue(value)} is not supported; valid datatypes are ${V2_DATATYPES.join(', ')}`);
}

function readRequestedOutputs(value: unknown, binaryDataOutput: boolean): RequestedOutput[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalid(`the request's "outputs" must be an array of {name, parameters?}, found ${describeValue(value)}`);
  const names = new Set<string>();
  return value.map((output: unknown, index) => {
    if (!isJsonObject(output)) throw invalid(`outputs[${index}] must be an object with a name, found ${describeValue(output)}`);
    const name = member(output, 'name');
    if (typeof name !== 'string' || name === '') throw invalid(`outputs[${index}]: "name" must be a non-empty string, found ${describeValue(name)}`);
    const what = `output ${quoteName(name)}`;
    if (names.has(name)) throw invalid(`${what} appears more than once in "outputs"`);
    names.add(name);
    const parameters: JsonObject | undefined = optionalObject(output, 'parameters', what);
    refuseSharedMemory(parameters, what);
    const binary = booleanParameter(parameters, 'binary_data', what) ?? binaryDataOutput;
    const classification = countParameter(parameters, 'classification', what, MAX_BINARY_SIZE) ?? 0;
    return { name, binary, ...(classification > 0 ? { classification } : {}) };
  });
}
