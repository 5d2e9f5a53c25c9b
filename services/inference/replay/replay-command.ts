import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { UserFacingError } from '../../../core/exit-codes';
import { readDataFile } from '../../drift/input/read-data-file';
import { requestJson, serviceBaseUrl, type ServiceTarget, tokenFromEnvironment } from '../../kit/cli/service-client';
import { csvText } from '../../kit/files/csv-text';
import { checkedColumns, inputColumns, type ModelMetadata } from './replay-columns';
import { replayRows } from './replay-requests';

/** The variable the inference server's bearer token is read from unless --token-env names another. */
export const INFERENCE_TOKEN_ENV = 'PLINTH_INFERENCE_TOKEN';

/** Requests in flight unless --concurrency says otherwise: a few, so that the server's dynamic batching has company. */
const DEFAULT_CONCURRENCY = 4;

export interface ReplayFlags {
  readonly url: string;
  readonly model: string;
  readonly input: string;
  /** @default - no file is written */
  readonly output?: string;
  /** @default - the model's max_batch_size, or 1 when it does not batch */
  readonly batchRows?: number;
  /** @default 4 */
  readonly concurrency?: number;
  /** @default - PLINTH_INFERENCE_TOKEN, when set */
  readonly tokenEnv?: string;
  /** @default - none */
  readonly dropColumns: readonly string[];
}

/**
 * `plinth inference replay`: sends a CSV's rows to a running inference server as a client would, and with
 * --output writes each row with the model's outputs under the drift logging's column names, ready to be
 * registered as the model's drift reference.
 */
export async function replayCommand(flags: ReplayFlags): Promise<void> {
  const { token, variable } = tokenFromEnvironment('--token-env', flags.tokenEnv, INFERENCE_TOKEN_ENV);
  const target: ServiceTarget = { service: 'the inference server', urlFlag: '--url', url: flags.url, serveCommand: 'plinth inference serve', tokenVariable: variable, ...(token ? { token } : {}) };
  serviceBaseUrl(target, 'http://127.0.0.1:8000');
  const table = await readDataFile(flags.input, {});
  const modelPath = `/v2/models/${encodeURIComponent(flags.model)}`;
  const model = await requestJson<ModelMetadata>(target, modelPath);
  if (!Array.isArray(model.inputs) || !Array.isArray(model.outputs)) throw new UserFacingError(`${flags.url}${modelPath} answered without inputs and outputs; is --url an inference server?`);
  const inputs = inputColumns({ ...model, name: flags.model }, table.header, flags.input);
  checkedColumns(table, inputs);
  const batchRows = flags.batchRows ?? (await maxBatchSize(target, modelPath));

  const started = process.hrtime.bigint();
  const result = await replayRows({
    target,
    model: { ...model, name: flags.model },
    inputs,
    table,
    batchRows,
    concurrency: flags.concurrency ?? DEFAULT_CONCURRENCY,
    ...(flags.output === undefined ? {} : { driftDrop: new Set(flags.dropColumns) }),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  let written = '';
  if (flags.output !== undefined) {
    const rows = result.driftRows ?? [];
    const columns = Object.keys(rows[0] ?? {});
    writeOutput(flags.output, csvText(columns, rows));
    written = `; wrote ${flags.output} (${columns.join(', ')})`;
  }
  const rate = seconds > 0 ? Math.round(result.rows / seconds) : result.rows;
  process.stdout.write(
    `replayed ${result.rows} rows to model '${flags.model}' in ${result.requests} requests (up to ${batchRows} rows each): ${seconds.toFixed(2)} s, ${rate} rows/s${written}\n`,
  );
}

/** The batch the server's config allows (`max_batch_size`), or 1 for a model that does not batch. */
async function maxBatchSize(target: ServiceTarget, modelPath: string): Promise<number> {
  const config = await requestJson<{ max_batch_size?: unknown }>(target, `${modelPath}/config`);
  return typeof config.max_batch_size === 'number' && config.max_batch_size > 0 ? config.max_batch_size : 1;
}

function writeOutput(file: string, text: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  } catch (error) {
    throw new UserFacingError(`--output ${file}: cannot write it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
