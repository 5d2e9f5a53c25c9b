import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseYamlWithSchema } from './parse-yaml';
import { ConfigError } from './problems';
import { readPreviewRecords, withPreviews } from './previews';
import { platformConfigSchema, type PlatformConfig } from './schema';

/** The config file used when neither an argument nor PLINTH_CONFIG names one. */
export const DEFAULT_CONFIG_FILE = 'platform.yaml';

/** A validated config and where it came from (relative paths in it resolve against `directory`). */
export interface LoadedConfig {
  readonly file: string;
  readonly directory: string;
  readonly config: PlatformConfig;
}

/** Which config file to use: an explicit path, else `PLINTH_CONFIG`, else `platform.yaml` in the working directory. */
export function configPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(explicit ?? env.PLINTH_CONFIG ?? DEFAULT_CONFIG_FILE);
}

/** Reads and validates a config file, with the preview environments recorded beside it; throws a ConfigError listing every problem at once. */
export function loadConfig(file: string): LoadedConfig {
  const relative = path.relative(process.cwd(), file);
  const shownName = relative === '' || relative.startsWith('..') ? file : relative;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(shownName, [{ path: '', message: `cannot read the config: ${reason} (set PLINTH_CONFIG or pass a path)` }]);
  }
  const directory = path.dirname(file);
  // Preview environments live in records beside the config, not in it (previews.ts).
  return { file, directory, config: withPreviews(parseConfig(text, shownName), readPreviewRecords(directory), shownName) };
}

/** Validates config text; `fileName` only names the source in messages. */
export function parseConfig(text: string, fileName: string): PlatformConfig {
  return parseYamlWithSchema(platformConfigSchema, text, fileName, {
    validWhat: 'a valid Plinth config',
    notAMapping: 'the file must be a YAML mapping with platform, blueprint, cloud, tags, alerts and environments',
  });
}
