/**
 * Input no metric can be computed from, whatever the data says: arrays of different lengths, a label that is
 * neither an integer nor a string, a probability outside [0, 1], a truth label the model has no column for.
 * The message names the argument, the row where there is one, and what would be valid. Data that merely
 * leaves a metric without a value (one class present) is not an error: see `UndefinedMetric`.
 */
export class MetricsInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricsInputError';
  }
}
