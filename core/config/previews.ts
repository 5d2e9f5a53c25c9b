import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { UserFacingError } from '../exit-codes';
import type { EnvironmentConfig, PlatformConfig } from './schema';

/**
 * Preview environments are kept out of platform.yaml, the file the team reviews: each is a small
 * record in `.plinth/previews/<name>.json` beside it (with the local state in `.plinth/state/`, and
 * git-ignored like it). `loadConfig` adds every record as an environment, so the next `cdktf synth`,
 * `deploy` or `destroy` sees the preview without anyone editing the config. Where the record is
 * lost (a CI runner's disk), the preview's tags hold the same facts and the record is rebuilt
 * from them (stacks/delivery/tagged-environments.ts).
 */
export const PREVIEWS_FOLDER = path.join('.plinth', 'previews');

const previewRecord = z.strictObject({
  name: z.string(),
  from: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});

export type PreviewRecord = z.infer<typeof previewRecord>;

export function previewsDirectory(configDirectory: string): string {
  return path.join(configDirectory, PREVIEWS_FOLDER);
}

function recordFile(configDirectory: string, name: string): string {
  return path.join(previewsDirectory(configDirectory), `${name}.json`);
}

/** Every record beside the config, sorted by name; a damaged record is an error naming its file. */
export function readPreviewRecords(configDirectory: string): PreviewRecord[] {
  const folder = previewsDirectory(configDirectory);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => readRecordFile(path.join(folder, file)));
}

export function readPreviewRecord(configDirectory: string, name: string): PreviewRecord | undefined {
  const file = recordFile(configDirectory, name);
  return existsSync(file) ? readRecordFile(file) : undefined;
}

function readRecordFile(file: string): PreviewRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserFacingError(`${file}: not a preview record (${(error as Error).message}); delete it or run \`plinth preview down ${path.basename(file, '.json')}\``);
  }
  const result = previewRecord.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`).join('; ');
    throw new UserFacingError(`${file}: not a valid preview record (${problems})`);
  }
  if (result.data.name !== path.basename(file, '.json')) {
    throw new UserFacingError(`${file}: the record names preview "${result.data.name}", but its file says "${path.basename(file, '.json')}"`);
  }
  return result.data;
}

/** Writes the record whole or not at all (a temporary file renamed into place). */
export function writePreviewRecord(configDirectory: string, record: PreviewRecord): string {
  const file = recordFile(configDirectory, record.name);
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(temporary, file);
  return file;
}

export function removePreviewRecord(configDirectory: string, name: string): void {
  rmSync(recordFile(configDirectory, name), { force: true });
}

/**
 * A preview is its source environment made small and disposable: the same cloud, account or
 * project, backend, network, capabilities and explicit choices, but never production (so the
 * blueprint's development sizes apply wherever the source leaves sizes to the blueprint), without
 * HA or deletion protection (so that it can be destroyed), and with an absolute expiry instead of
 * a `ttl`.
 */
export function previewEnvironment(source: EnvironmentConfig, record: PreviewRecord): EnvironmentConfig {
  const { production: _production, ha: _ha, deletionProtection: _protection, ttl: _ttl, services: _services, ...kept } = source;
  return { ...kept, production: false, ha: false, deletionProtection: false, expiresAt: record.expiresAt, previewOf: record.from };
}

/** The config with each preview added as an environment; a record that cannot be one is an error naming it. */
export function withPreviews(config: PlatformConfig, records: readonly PreviewRecord[], where: string): PlatformConfig {
  if (records.length === 0) return config;
  const environments: Record<string, EnvironmentConfig> = { ...config.environments };
  for (const record of records) {
    if (config.environments[record.name]) {
      throw new UserFacingError(`${where}: preview "${record.name}" has the name of an environment of the config; run \`plinth preview down ${record.name}\` or rename that environment`);
    }
    const source = config.environments[record.from];
    if (!source) {
      throw new UserFacingError(
        `${where}: preview "${record.name}" was derived from environment "${record.from}", which the config no longer defines (defined: ${Object.keys(config.environments).join(', ')}); ` +
          `put it back to destroy the preview with \`plinth preview down ${record.name}\``,
      );
    }
    environments[record.name] = previewEnvironment(source, record);
  }
  return { ...config, environments };
}
