import type { FastifyRequest } from 'fastify';
import { ServiceError } from '../../kit/server/errors';
import { unstorableText } from '../../kit/server/storable-input';
import type { ProfileOptions } from '../monitor/drift-store';
import type { TableInput } from '../monitor/table-input';
import { parseOptionsFile } from '../input/options-file';

/** An upload as the monitor takes it: the table, and for a reference the options file, if any. */
export interface Upload {
  readonly input: TableInput;
  readonly options?: ProfileOptions;
}

/**
 * Reads a reference or batch upload from any of the bodies the API accepts:
 * - `text/csv`: CSV with a header row;
 * - `application/json`: an array of row objects, or `{"rows": [...], "options": {...}}` (options: reference only);
 * - `multipart/form-data`: a `data` part with the CSV and, for a reference, an `options` part holding the
 *   options file of `plinth drift compare --options` (YAML or JSON): `curl -F data=@ref.csv -F options=@cols.yaml`.
 */
export async function readUpload(request: FastifyRequest, acceptsOptions: boolean, maxBytes: number): Promise<Upload> {
  if (request.isMultipart()) return readMultipart(request, acceptsOptions, maxBytes);
  const body: unknown = request.body;
  if (typeof body === 'string') return { input: { format: 'csv', text: body } };
  if (Array.isArray(body)) return { input: { format: 'rows', rows: body } };
  if (typeof body !== 'object' || body === null || !('rows' in body)) {
    throw new ServiceError('invalid', 'expected a JSON array of rows, or an object {"rows": [...]}, or text/csv');
  }
  const allowed = acceptsOptions ? ['rows', 'options'] : ['rows'];
  const unknown = Object.keys(body).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw new ServiceError('invalid', `unknown key "${unknown}" in the body; allowed: ${allowed.join(', ')}`);
  const { rows, options } = body as { rows: unknown; options?: unknown };
  // JSON is YAML: the options file's parser gives the same checks and messages for both.
  return { input: { format: 'rows', rows }, ...(options === undefined ? {} : { options: parseOptionsFile(JSON.stringify(options), 'options') }) };
}

async function readMultipart(request: FastifyRequest, acceptsOptions: boolean, maxBytes: number): Promise<Upload> {
  const allowed = acceptsOptions ? ['data', 'options'] : ['data'];
  const texts = new Map<string, string>();
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, fieldSize: maxBytes } })) {
      // Refused before it is read: at most one part of each allowed name is ever held in memory.
      if (!allowed.includes(part.fieldname)) throw new ServiceError('invalid', `unknown form part "${part.fieldname}"; allowed: ${allowed.join(', ')}`);
      if (texts.has(part.fieldname)) throw new ServiceError('invalid', `the form has two "${part.fieldname}" parts`);
      const text = part.type === 'file' ? (await part.toBuffer()).toString('utf8') : String(part.value);
      // The kit checks JSON bodies and CSV text for what no store can keep; form parts are read here.
      const problem = unstorableText(text);
      if (problem) throw new ServiceError('invalid', `the form part "${part.fieldname}" ${problem}, which cannot be stored; remove it`);
      texts.set(part.fieldname, text);
    }
  } catch (error) {
    throw malformedForm(error);
  }
  const data = texts.get('data');
  if (data === undefined) throw new ServiceError('invalid', 'the form has no "data" part with the CSV');
  const options = texts.get('options');
  return { input: { format: 'csv', text: data }, ...(options === undefined ? {} : { options: parseOptionsFile(options, 'options') }) };
}

/**
 * Busboy's parse errors (a missing or wrong boundary, a truncated body, a bad part header) are plain
 * Errors: they are the client's, so a 400 naming the form. Limits (@fastify/multipart's errors carry
 * their status) and our own refusals pass as they are.
 */
function malformedForm(error: unknown): unknown {
  if (error instanceof ServiceError || (error as { statusCode?: number }).statusCode !== undefined || !(error instanceof Error)) return error;
  return new ServiceError('invalid', `malformed multipart/form-data body: ${error.message}`);
}
