import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { VERSION_FOLDER } from '../../kit/models/model-repository';
import { type AnyEndpoint, endpointFor } from '../../kit/server/endpoint';
import { ServiceError } from '../../kit/server/errors';
import { classifyOutput } from '../protocol/classify-output';
import { decodeInferRequest } from '../protocol/decode-infer-request';
import { encodeInferResponse } from '../protocol/encode-infer-response';
import type { OutgoingTensor } from '../protocol/encode-tensor-list';
import { INFERENCE_HEADER_CONTENT_LENGTH } from '../protocol/infer-request-body';
import type { DriftLogger } from '../logging/drift-logger';
import type { InferenceStatistics } from './inference-statistics';
import { modelConfigJson } from './model-config-json';
import type { ServedModels } from './served-models';
import { inputsForModel, metadataShape, outputsForClient } from './tensor-reshape';

/** What the v2 endpoints work with. */
export interface InferenceContext {
  readonly models: ServedModels;
  readonly statistics: InferenceStatistics;
  /** For server metadata: `GET /v2`. */
  readonly serverVersion: string;
  /** @default - requests are not logged for drift */
  readonly driftLogger?: DriftLogger;
}

const inferenceEndpoint = endpointFor<InferenceContext>();

/** The protocol extensions this server implements, as server metadata lists them. */
export const EXTENSIONS = ['classification', 'binary_tensor_data', 'model_repository', 'model_configuration', 'statistics'] as const;

const ModelParams = z.object({ model: z.string(), version: z.string().regex(VERSION_FOLDER).optional() });
type ModelParams = z.infer<typeof ModelParams>;

/** Each per-model route, served with and without `/versions/{version}` as the protocol has it. */
const MODEL_URLS = (suffix: string) => [`/models/:model${suffix}`, `/models/:model/versions/:version${suffix}`];

/** The probes answer with a status and no body, as Triton does: 200, or 400 when not ready. */
const probe = (reply: FastifyReply, ok: boolean) => reply.code(ok ? 200 : 400).send();

/**
 * The health, metadata, inference, configuration, statistics and repository endpoints of the KServe v2
 * protocol as Triton serves them under `/v2`, except inference (see inferEndpoints).
 */
export function v2Endpoints(): AnyEndpoint<InferenceContext>[] {
  return [
    inferenceEndpoint({ method: 'GET', url: '/health/live', access: 'public', handle: async (_input, { reply }) => probe(reply, true) }),
    // Strict, as Triton's default: not ready while a model of the repository failed to load.
    inferenceEndpoint({
      method: 'GET',
      url: '/health/ready',
      access: 'public',
      handle: async (_input, { reply, context }) => probe(reply, (await context.models.index()).every((entry) => entry.state !== 'UNAVAILABLE')),
    }),
    inferenceEndpoint({
      method: 'GET',
      url: '',
      response: z.object({ name: z.string(), version: z.string(), extensions: z.array(z.string()) }),
      handle: async (_input, { context }) => ({ name: 'plinth-inference', version: context.serverVersion, extensions: [...EXTENSIONS] }),
    }),
    ...MODEL_URLS('').map((url) =>
      inferenceEndpoint({
        method: 'GET',
        url,
        params: ModelParams,
        handle: async ({ params }, { context }) => modelMetadata(context, params),
      }),
    ),
    ...MODEL_URLS('/ready').map((url) =>
      inferenceEndpoint({
        method: 'GET',
        url,
        params: ModelParams,
        handle: async ({ params }, { context, reply }) => {
          const served = context.models.models.get(params.model);
          return probe(reply, served !== undefined && (params.version === undefined || served.versions.includes(params.version)));
        },
      }),
    ),
    ...MODEL_URLS('/config').map((url) =>
      inferenceEndpoint({
        method: 'GET',
        url,
        params: ModelParams,
        handle: async ({ params }, { context }) => modelConfigJson(context.models.resolve(params.model, params.version).config),
      }),
    ),
    inferenceEndpoint({ method: 'GET', url: '/models/stats', handle: async (_input, { context }) => ({ model_stats: context.statistics.list() }) }),
    ...MODEL_URLS('/stats').map((url) =>
      inferenceEndpoint({
        method: 'GET',
        url,
        params: ModelParams,
        handle: async ({ params }, { context }) => {
          const served = context.models.models.get(params.model);
          context.models.resolve(params.model, params.version);
          const versions = params.version === undefined ? served!.versions : [params.version];
          return { model_stats: context.statistics.list(versions.map((version) => ({ name: params.model, version }))) };
        },
      }),
    ),
    inferenceEndpoint({
      method: 'POST',
      url: '/repository/index',
      access: 'read',
      body: z.object({ ready: z.boolean().optional() }).optional(),
      handle: async ({ body }, { context }) => {
        const index = await context.models.index();
        return body?.ready ? index.filter((entry) => entry.state === 'READY') : index;
      },
    }),
    inferenceEndpoint({
      method: 'POST',
      url: '/repository/models/:model/load',
      params: z.object({ model: z.string() }),
      handle: async ({ params }, { context }) => {
        await context.models.load(params.model);
        return {};
      },
    }),
    inferenceEndpoint({
      method: 'POST',
      url: '/repository/models/:model/unload',
      params: z.object({ model: z.string() }),
      handle: async ({ params }, { context }) => {
        await context.models.unload(params.model);
        return {};
      },
    }),
  ];
}

/**
 * `POST /v2/models/{model}[/versions/{version}]/infer`: JSON, or Triton's binary tensor data extension.
 * The body arrives as bytes (see the inference server's content-type parser). A read token may infer:
 * inference changes nothing on the server.
 */
export function inferEndpoints(): AnyEndpoint<InferenceContext>[] {
  return MODEL_URLS('/infer').map((url) =>
    inferenceEndpoint({
      method: 'POST',
      url,
      access: 'read',
      params: ModelParams,
      handle: async ({ params }, { context, request, reply }) => {
        const { model, config } = context.models.resolve(params.model, params.version);
        let decoded;
        try {
          decoded = decodeInferRequest(request.body as Buffer, singleHeader(request.headers[INFERENCE_HEADER_CONTENT_LENGTH]));
        } catch (error) {
          context.statistics.requestFailed(model.ref, error as Error);
          throw error;
        }
        const requested = decoded.outputs;
        const logged = context.driftLogger?.sample() === true;
        const askedNames = requested ? [...new Set(requested.map((output) => output.name))] : undefined;
        // A logged request runs every output after the ones asked: drift needs the prediction and the same columns each time.
        const others = logged && askedNames ? model.signature.outputs.map((spec) => spec.name).filter((name) => !askedNames.includes(name)) : [];
        const result = await model.infer({ inputs: inputsForModel(decoded.inputs, config), ...(askedNames ? { outputs: [...askedNames, ...others] } : {}) });
        const modelOutputs = outputsForClient(result.outputs, config);
        if (logged) {
          // In the model's order whatever the client asked, so that the first output is always the default prediction.
          const inModelOrder = model.signature.outputs.flatMap((spec) => modelOutputs.filter((output) => output.name === spec.name));
          context.driftLogger!.record(model.ref.name, decoded.inputs, inModelOrder);
        }
        const outputs = modelOutputs.slice(0, modelOutputs.length - others.length).map((output, index): OutgoingTensor => {
          const asked = requested?.[index];
          const tensor = asked?.classification ? classifyOutput(output, asked.classification, { batched: config.maxBatchSize > 0 }) : output;
          return { ...tensor, binary: asked ? asked.binary : decoded.binaryDataOutput };
        });
        const encoded = encodeInferResponse({ modelName: model.ref.name, modelVersion: model.ref.version, ...(decoded.id === undefined ? {} : { id: decoded.id }), outputs });
        if (encoded.contentType === 'application/json') return reply.type('application/json').send(encoded.body);
        return reply
          .type('application/octet-stream')
          .header(INFERENCE_HEADER_CONTENT_LENGTH, String(encoded.headerLength))
          .send(Buffer.concat(encoded.chunks as Buffer[]));
      },
    }),
  );
}

/** Metadata of a model (the versions served) or of one version: inputs and outputs with datatypes and shapes. */
function modelMetadata(context: InferenceContext, params: ModelParams) {
  const { model, config } = context.models.resolve(params.model, params.version);
  const versions = params.version === undefined ? context.models.models.get(params.model)!.versions : [params.version];
  const tensors = (specs: typeof model.signature.inputs, entries: typeof config.input) =>
    specs.map((spec) => ({ name: spec.name, datatype: spec.datatype, shape: metadataShape(spec.name, spec.shape, entries, config) }));
  return { name: params.model, versions, platform: config.platform, inputs: tensors(model.signature.inputs, config.input), outputs: tensors(model.signature.outputs, config.output) };
}

/** A header Node gives as a list when a client repeats it: refused, since the lengths may disagree. */
function singleHeader(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) throw new ServiceError('invalid', `${INFERENCE_HEADER_CONTENT_LENGTH} appears ${value.length} times; send it once`);
  return value;
}
