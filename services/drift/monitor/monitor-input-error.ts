/** What was wrong with the input; the HTTP layer maps each kind to a 4xx status. */
export type MonitorInputErrorKind =
  | 'invalid_model'
  | 'unknown_model'
  | 'empty'
  | 'malformed'
  | 'header_mismatch'
  | 'not_a_number'
  | 'wrong_dimensions'
  | 'no_usable_value'
  | 'too_many_rows'
  | 'invalid_options'
  | 'reference_replaced';

/** Which upload the problem is in. */
export type MonitorInput = 'reference' | 'batch';

export interface MonitorInputErrorDetails {
  readonly kind: MonitorInputErrorKind;
  readonly model: string;
  readonly input?: MonitorInput;
  readonly column?: string;
  /** 1-based data row (the header is not counted). */
  readonly row?: number;
}

/**
 * Input the drift monitor refuses. The message is for the client as it is and names the model, the upload,
 * the column and the row; the same facts are fields, for an HTTP layer to map and serialize. The monitor's
 * state is untouched when this is thrown.
 */
export class MonitorInputError extends Error {
  readonly kind: MonitorInputErrorKind;
  readonly model: string;
  readonly input?: MonitorInput;
  readonly column?: string;
  readonly row?: number;
  /** The message without the model and the upload, as given: with the details, all it takes to rebuild the error in another thread. */
  readonly problem: string;

  constructor(details: MonitorInputErrorDetails, problem: string) {
    super(`model ${JSON.stringify(details.model)}${details.input ? `, ${details.input}` : ''}: ${problem}`);
    this.name = 'MonitorInputError';
    this.kind = details.kind;
    this.model = details.model;
    this.input = details.input;
    this.column = details.column;
    this.row = details.row;
    this.problem = problem;
  }
}
