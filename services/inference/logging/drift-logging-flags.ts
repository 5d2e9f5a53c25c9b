import type { Command } from 'commander';
import { ServiceConfigError } from '../../kit/server/errors';
import type { InferenceServeFlags } from '../cli';
import { readDriftColumnMap } from './drift-column-map';
import type { DriftLoggingOptions } from './drift-logging-options';

const DRIFT_FLAGS = ['driftTokenEnv', 'driftSampleRate', 'driftBatchRows', 'driftFlushSeconds', 'driftDropColumns', 'driftColumns'] as const;

/**
 * `plinth inference serve`'s `--drift-*` flags as logging options; undefined without `--drift-url`. The token
 * is read from the variable `--drift-token-env` names, never from a flag, so it stays out of `ps` and shell history.
 */
export async function driftLoggingFromFlags(flags: InferenceServeFlags, command: Command, env: NodeJS.ProcessEnv = process.env): Promise<DriftLoggingOptions | undefined> {
  if (flags.driftUrl === undefined) {
    const given = DRIFT_FLAGS.filter((flag) => command.getOptionValueSource(flag) === 'cli');
    if (given.length > 0) throw new ServiceConfigError(`${given.map(flagName).join(', ')} need --drift-url (the drift service's base URL, e.g. http://drift:8090)`);
    return undefined;
  }
  let token: string | undefined;
  if (flags.driftTokenEnv !== undefined) {
    token = env[flags.driftTokenEnv];
    if (!token) throw new ServiceConfigError(`--drift-token-env ${flags.driftTokenEnv}: the variable is not set or empty; export the drift service's write token in it`);
  }
  return {
    url: flags.driftUrl,
    ...(token ? { token } : {}),
    sampleRate: flags.driftSampleRate,
    batchRows: flags.driftBatchRows,
    flushMs: flags.driftFlushSeconds * 1000,
    dropColumns: flags.driftDropColumns,
    ...(flags.driftColumns === undefined ? {} : { columns: await readDriftColumnMap(flags.driftColumns) }),
  };
}

/** `driftBatchRows` → `--drift-batch-rows`. */
function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}
