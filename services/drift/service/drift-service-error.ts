import { UserFacingError } from '../../../core/exit-codes';
import { type ErrorKind, ServiceError } from '../../kit/server/errors';
import { MonitorInputError, type MonitorInputErrorKind } from '../monitor/monitor-input-error';

const SERVICE_ERROR_KIND: Record<MonitorInputErrorKind, ErrorKind> = {
  invalid_model: 'invalid',
  unknown_model: 'not-found',
  empty: 'invalid',
  malformed: 'invalid',
  header_mismatch: 'invalid',
  not_a_number: 'invalid',
  wrong_dimensions: 'invalid',
  no_usable_value: 'invalid',
  too_many_rows: 'too-large',
  invalid_options: 'invalid',
  reference_replaced: 'conflict',
};

/**
 * The monitor's refusals and an invalid options file as the kit's ServiceError, which the error mapper turns
 * into a 4xx; anything else is passed on as it is (and becomes a 500 there).
 */
export function asServiceError(error: unknown): unknown {
  if (error instanceof MonitorInputError) return new ServiceError(SERVICE_ERROR_KIND[error.kind], error.message);
  if (error instanceof UserFacingError) return new ServiceError('invalid', error.message);
  return error;
}
