import { EXIT_UNAVAILABLE, UserFacingError } from '../../../core/exit-codes';
import { ConfigError } from '../../../core/config/problems';
import { ModelError } from '../../kit/models/model-error';
import { ServiceError } from '../../kit/server/errors';
import { MetricsInputError } from '../metrics/metrics-input-error';
import { StaleEvaluationError } from '../registry/promotion';
import { NotInRegistryError } from '../registry/registry-model';

/** The registry's messages name the CLI's flags; a service request names its body's fields. */
function asFields(message: string): string {
  return message.replace(/^--model-version /, 'version ').replace(/^--model /, 'model ');
}

/**
 * What the promotion steps refuse, as the kit's ServiceError: an unknown model or version 404, a stale
 * evaluation 409, a tracking server or store that cannot be reached 503 (exit code 3's errors), every other
 * bad input 400 with its message. Anything else passes on (and becomes a 500).
 */
export function asGatesServiceError(error: unknown): unknown {
  if (error instanceof ServiceError) return error;
  if (error instanceof ModelError) return error.toServiceError();
  if (error instanceof MetricsInputError) return new ServiceError('invalid', error.message);
  if (error instanceof NotInRegistryError) return new ServiceError('not-found', asFields(error.message));
  if (error instanceof StaleEvaluationError) return new ServiceError('conflict', error.message);
  if (error instanceof ConfigError) return new ServiceError('invalid', error.message);
  if (error instanceof UserFacingError) return new ServiceError(error.exitCode === EXIT_UNAVAILABLE ? 'unavailable' : 'invalid', asFields(error.message));
  return error;
}
