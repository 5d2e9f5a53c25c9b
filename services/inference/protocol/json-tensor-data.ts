import { elementCount, type TensorData, type V2Datatype } from '../tensor';
import { describeValue, invalid } from './invalid';
import { createJsonElementSink, type JsonElementSink, NEEDS_EXACT_INTEGERS } from './json-element-sinks';
import { formatShape } from './tensor-shape';

/** Thrown (and caught by the request decoder, never further) when an input needs its integers read exactly. */
export class ExactIntegersNeeded {}

/**
 * The elements of an input's JSON `data`: flat (row-major, as many as the shape holds), nested exactly as the
 * shape says, or, for a one-element shape, a bare value. `what` names the input in messages.
 */
export function readJsonData(what: string, datatype: V2Datatype, shape: readonly number[], data: unknown, exactIntegers: boolean): TensorData {
  const count = elementCount(shape);
  const reader = new JsonDataReader(what, datatype, shape, createJsonElementSink(datatype, count, exactIntegers));
  if (!Array.isArray(data)) {
    if (count !== 1 || data === null || typeof data === 'object') {
      throw invalid(`${what}: "data" must be an array of ${count} elements for shape ${formatShape(shape)}, found ${describeValue(data)}`);
    }
    reader.put(0, data, undefined);
  } else if (shape.length >= 2 && data.length > 0 && Array.isArray(data[0])) {
    reader.nested(data, 0, 0, []);
  } else {
    reader.flat(data, count);
  }
  return reader.sink.data;
}

class JsonDataReader {
  constructor(
    private readonly what: string,
    private readonly datatype: V2Datatype,
    private readonly shape: readonly number[],
    readonly sink: JsonElementSink,
  ) {}

  flat(data: readonly unknown[], count: number): void {
    if (data.length !== count) {
      throw invalid(`${this.what}: expected ${count} elements for shape ${formatShape(this.shape)}, found ${data.length}`);
    }
    for (let index = 0; index < count; index += 1) {
      const value = data[index];
      if (Array.isArray(value)) this.notNested(`data[${index}]`);
      const problem = this.sink.put(index, value);
      if (problem !== undefined) this.refuse(`data[${index}]`, problem, value);
    }
  }

  /** Walks `node`, the part of the data at dimension `dim`, whose first element is element `offset`; returns the next offset. */
  nested(node: readonly unknown[], dim: number, offset: number, trail: number[]): number {
    const expected = this.shape[dim];
    if (node.length !== expected) {
      const where = dim === 0 ? '"data"' : `data${trail.map((index) => `[${index}]`).join('')}`;
      throw invalid(`${this.what}: ${where} has ${node.length} elements where shape ${formatShape(this.shape)} needs ${expected} (dimension ${dim})`);
    }
    const innermost = dim === this.shape.length - 1;
    let next = offset;
    for (let index = 0; index < node.length; index += 1) {
      const value = node[index];
      trail.push(index);
      if (innermost) {
        if (Array.isArray(value)) this.notNested(this.path(trail));
        this.put(next, value, trail);
        next += 1;
      } else {
        if (!Array.isArray(value)) {
          throw invalid(`${this.what}: ${this.path(trail)} must be an array of ${this.shape[dim + 1]} elements (dimension ${dim + 1} of shape ${formatShape(this.shape)}), found ${describeValue(value)}`);
        }
        next = this.nested(value, dim + 1, next, trail);
      }
      trail.pop();
    }
    return next;
  }

  put(index: number, value: unknown, trail: readonly number[] | undefined): void {
    const problem = this.sink.put(index, value);
    if (problem !== undefined) this.refuse(trail === undefined ? '"data"' : `element ${index} (${this.path(trail)})`, problem, value);
  }

  private refuse(where: string, valid: string, value: unknown): never {
    if (valid === NEEDS_EXACT_INTEGERS) throw new ExactIntegersNeeded();
    throw invalid(`${this.what}: ${where} must be ${valid} for ${this.datatype}, found ${describeValue(value)}`);
  }

  private notNested(where: string): never {
    throw invalid(`${this.what}: ${where} is an array: "data" is either flat (row-major) or nested exactly as shape ${formatShape(this.shape)}`);
  }

  private path(trail: readonly number[]): string {
    return `data${trail.map((index) => `[${index}]`).join('')}`;
  }
}
