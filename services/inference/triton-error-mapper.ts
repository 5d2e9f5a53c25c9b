import type { ErrorMapper } from '../kit/server/error-mapper';
import { plinthErrorMapper } from '../kit/server/plinth-error-mapper';

/**
 * Triton's HTTP error shape, `{"error": "<message>"}`, which Triton's clients (tritonclient,
 * perf_analyzer, KServe's) read, with Plinth's statuses (they agree with Triton's for what this
 * server raises: invalid input 400, unknown model 404, unavailable 503).
 */
export const tritonErrorMapper: ErrorMapper = {
  map: (error) => ({ statusCode: plinthErrorMapper.map(error).statusCode, body: { error: error.message } }),
};
