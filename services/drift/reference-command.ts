import * as path from 'node:path';
import { UserFacingError } from '../../core/exit-codes';
import { requestJson, serviceBaseUrl, type ServiceTarget, tokenFromEnvironment } from '../kit/cli/service-client';
import type { DataTable } from './input/data-table';
import { PARQUET_FILE, readBytes, readDataFile } from './input/read-data-file';

/** The variable the drift service's bearer token is read from unless --drift-token-env names another. */
export const DRIFT_TOKEN_ENV = 'PLINTH_DRIFT_TOKEN';

export interface ReferenceFlags {
  readonly driftUrl: string;
  readonly model: string;
  readonly file: string;
  /** @default - no prediction column: every column is a feature */
  readonly predictionColumn?: string;
  /** @default - PLINTH_DRIFT_TOKEN, when set */
  readonly driftTokenEnv?: string;
}

interface RegisteredReference {
  readonly model: string;
  readonly reference_id: string;
  readonly rows: number;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

/**
 * `plinth drift reference`: registers a CSV or Parquet file as a model's reference with a running drift
 * service (`POST /api/drift/models/<model>/reference`). The file is read here first, so that a bad one is
 * refused naming the file and line; a CSV then goes as it is (multipart `data`, with the `options` part),
 * a Parquet file as JSON rows.
 */
export async function referenceCommand(flags: ReferenceFlags): Promise<void> {
  const { token, variable } = tokenFromEnvironment('--drift-token-env', flags.driftTokenEnv, DRIFT_TOKEN_ENV);
  const target: ServiceTarget = { service: 'the drift service', urlFlag: '--drift-url', url: flags.driftUrl, serveCommand: 'plinth drift serve', tokenVariable: variable, ...(token ? { token } : {}) };
  serviceBaseUrl(target, 'http://127.0.0.1:8090');
  const table = await readDataFile(flags.file, {});
  if (flags.predictionColumn !== undefined && !table.header.includes(flags.predictionColumn)) {
    throw new UserFacingError(`--prediction-column ${flags.predictionColumn}: ${flags.file} has no such column (its columns: ${table.header.join(', ')})`);
  }
  const options = flags.predictionColumn === undefined ? undefined : { columns: { [flags.predictionColumn]: { role: 'prediction' } } };
  const registered = await requestJson<RegisteredReference>(target, `/api/drift/models/${encodeURIComponent(flags.model)}/reference`, {
    method: 'POST',
    ...(PARQUET_FILE.test(flags.file) ? { contentType: 'application/json', body: JSON.stringify({ rows: jsonRows(table), ...(options ? { options } : {}) }) } : { body: csvForm(flags.file, options) }),
  });
  const columns = registered.columns.map((column) => `${column.name} ${column.type}${column.name === flags.predictionColumn ? ' (prediction)' : ''}`);
  process.stdout.write(`registered the reference of model '${registered.model}' (${registered.reference_id}): ${registered.rows} rows, ${columns.length} columns: ${columns.join(', ')}\n`);
}

/** The CSV as the drift service reads it itself, with the options file (JSON is YAML) beside it. */
function csvForm(file: string, options: object | undefined): FormData {
  const form = new FormData();
  form.append('data', new Blob([new Uint8Array(readBytes(file))], { type: 'text/csv' }), path.basename(file));
  if (options) form.append('options', JSON.stringify(options));
  return form;
}

/** A Parquet file's rows as JSON objects: missing values (NaN, null) as null, which the drift service counts as missing. */
function jsonRows(table: DataTable): Record<string, number | string | null>[] {
  const rowCount = Object.values(table.columns)[0]?.length ?? 0;
  return Array.from({ length: rowCount }, (_, row) => {
    const cells: Record<string, number | string | null> = {};
    for (const name of table.header) {
      const value = table.columns[name]![row]!;
      cells[name] = typeof value === 'number' && !Number.isFinite(value) ? null : value;
    }
    return cells;
  });
}
