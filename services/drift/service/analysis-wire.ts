import { MonitorInputError, type MonitorInputErrorDetails } from '../monitor/monitor-input-error';
import type { AnalysisTaskName } from '../monitor/analysis';

/** What the pool posts to an analysis thread. */
export interface TaskMessage {
  readonly task: AnalysisTaskName;
  readonly input: unknown;
}

/** An error as it crosses threads: structured cloning keeps an Error's message but not its class or fields. */
export interface WireError {
  readonly message: string;
  readonly stack?: string;
  /** Present for a MonitorInputError: the client's 4xx. */
  readonly refusal?: { readonly details: MonitorInputErrorDetails; readonly problem: string };
}

/** What an analysis thread posts back. */
export type ReplyMessage = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: WireError };

export function encodeError(error: unknown): WireError {
  if (error instanceof MonitorInputError) {
    const { kind, model, input, column, row, problem } = error;
    return { message: error.message, refusal: { details: { kind, model, input, column, row }, problem } };
  }
  return error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
}

export function decodeError(wire: WireError): Error {
  if (wire.refusal) return new MonitorInputError(wire.refusal.details, wire.refusal.problem);
  const error = new Error(wire.message);
  if (wire.stack) error.stack = wire.stack;
  return error;
}
