/**
 * Input the comparison cannot work with: a missing column, a label in a numeric column, a column with no
 * usable value, a test that does not apply to the column's type. The message names the column; callers
 * with more context (file, row) add it.
 */
export class DriftInputError extends Error {
  constructor(
    message: string,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'DriftInputError';
  }
}
