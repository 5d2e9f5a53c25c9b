import { expiryTagValue, durationMs } from '../../core/config/expiry';
import { configPath, loadConfig, type LoadedConfig } from '../../core/config/load';
import { previewsDirectory, readPreviewRecord, readPreviewRecords, removePreviewRecord, writePreviewRecord, type PreviewRecord } from '../../core/config/previews';
import { environmentName } from '../../core/config/schema';
import { UserFacingError } from '../../core/exit-codes';
import { deployEnvironment, destroyEnvironment, synthesize, tagsLocation, type DeployedEnvironment } from './environment-delivery';
import { anyStillExists, leftoverReason } from './leftovers';
import type { DestroyedStack } from './stack-deployer';
import { findExpiringEnvironments, isEmulated, locationName, resourcesOfEnvironment, type TagsLocation } from './tagged-environments';
import { terraformSetup } from './terraform';

/** What every delivery command is given by the CLI. */
export interface DeliveryOptions {
  /** `--config`, else PLINTH_CONFIG, else ./platform.yaml. */
  readonly configFile?: string;
  /** Where stacks are synthesized (cdktf's `cdktf.out`). */
  readonly outdir: string;
  readonly now: Date;
  readonly log: (line: string) => void;
}

export const DEFAULT_PREVIEW_TTL = '72h';
const DEFAULT_SOURCE = 'dev';

export interface PreviewUpResult {
  readonly record: PreviewRecord;
  /** The record existed: the preview was deployed again with its first expiry. */
  readonly existed: boolean;
  readonly deployed: DeployedEnvironment;
}

function checkName(name: string): void {
  const result = environmentName.safeParse(name);
  if (!result.success) throw new UserFacingError(`preview name "${name}" ${result.error.issues[0]!.message} (for example "pr-123")`);
}

function declaredEnvironments(loaded: LoadedConfig): string[] {
  const previews = new Set(readPreviewRecords(loaded.directory).map((record) => record.name));
  return Object.keys(loaded.config.environments).filter((name) => !previews.has(name));
}

/**
 * `plinth preview up`: records the preview (expiry fixed now, once), synthesizes and deploys its
 * stacks. Run again for the same name, it deploys the new code with the first expiry.
 */
export async function previewUp(options: DeliveryOptions & { readonly name: string; readonly from?: string; readonly ttl?: string }): Promise<PreviewUpResult> {
  checkName(options.name);
  const file = configPath(options.configFile);
  const before = loadConfig(file);
  const declared = declaredEnvironments(before);
  if (declared.includes(options.name)) throw new UserFacingError(`${before.file}: "${options.name}" is an environment of the config, not a preview; pick another name such as "pr-123"`);
  const existing = readPreviewRecord(before.directory, options.name);
  const from = options.from ?? existing?.from ?? (declared.includes(DEFAULT_SOURCE) ? DEFAULT_SOURCE : undefined);
  if (!from) throw new UserFacingError(`--from is required: the config has no "${DEFAULT_SOURCE}" environment (environments: ${declared.join(', ')})`);
  if (!declared.includes(from)) throw new UserFacingError(`--from ${from}: no such environment in ${before.file} (environments: ${declared.join(', ')})`);
  if (existing && existing.from !== from) throw new UserFacingError(`preview ${options.name} was derived from "${existing.from}", not "${from}": run \`plinth preview down ${options.name}\` first`);
  const ttl = options.ttl ?? DEFAULT_PREVIEW_TTL;
  const ttlMs = durationMs(ttl);
  if (ttlMs === undefined) throw new UserFacingError(`--ttl ${ttl}: must be a duration in hours or days such as "72h" or "7d"`);

  const record: PreviewRecord = existing ?? {
    name: options.name,
    from,
    createdAt: options.now.toISOString(),
    expiresAt: new Date(options.now.getTime() + ttlMs).toISOString(),
  };
  const { cliConfig } = terraformSetup();
  if (existing) options.log(`preview ${record.name} exists: deploying it again; it still expires at ${record.expiresAt} (fixed when it was created)`);
  const recordFile = writePreviewRecord(before.directory, record);
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig(file);
    options.log(`synthesizing ${loaded.file} with preview ${record.name} (from ${record.from}, expires ${record.expiresAt})`);
    synthesize(loaded, options.outdir);
  } catch (error) {
    // Nothing was deployed: a new preview leaves no record behind.
    if (!existing) removePreviewRecord(before.directory, record.name);
    throw error;
  }
  options.log(`recorded in ${recordFile}; tagged ${expiryTagValue(new Date(record.expiresAt))} as plinth:expires-at`);
  try {
    const deployed = await deployEnvironment({ loaded, outdir: options.outdir, cliConfig, log: options.log }, record.name);
    return { record, existed: !!existing, deployed };
  } catch (error) {
    if (error instanceof UserFacingError) {
      throw new UserFacingError(`${error.message}\npreview ${record.name} is partly deployed and stays recorded: \`plinth preview down ${record.name}\` removes what was made`, error.exitCode);
    }
    throw error;
  }
}

export interface DestroyedPreview {
  readonly name: string;
  readonly destroyed: readonly DestroyedStack[];
  /** Resources still tagged as the preview's after the destroy (the emulator's undeletable ones included). */
  readonly leftBehind: readonly string[];
  /** Of those, the ones destroyed all the same, with why they are still listed (leftovers.ts). */
  readonly explained: Readonly<Record<string, string>>;
}

/** Every place this config's environments (or only `environments`) live, once each. */
export function tagsLocations(loaded: LoadedConfig, environments: readonly string[] = Object.keys(loaded.config.environments)): TagsLocation[] {
  const all = environments.map((environment) => tagsLocation(loaded.config, environment));
  return all.filter((location, index) => all.findIndex((other) => locationName(other) === locationName(location)) === index);
}

/**
 * The record of a preview whose record is lost, rebuilt from its resources' tags; `failures` collects
 * the places that could not be searched (no credentials for a real region, say).
 */
async function recordFromTags(loaded: LoadedConfig, name: string, now: Date, failures: string[]): Promise<PreviewRecord | undefined> {
  for (const location of tagsLocations(loaded)) {
    try {
      const tagged = (await findExpiringEnvironments(location, loaded.config.platform)).find(
        (environment) => environment.environment === name && anyStillExists(environment.resources, isEmulated(location)),
      );
      if (tagged?.previewOf) return { name, from: tagged.previewOf, createdAt: now.toISOString(), expiresAt: tagged.expiresAt.toISOString() };
    } catch (error) {
      failures.push(`${locationName(location)} (${(error as Error).message})`);
    }
  }
  return undefined;
}

/**
 * Destroys previews (workloads before foundation), checks the tags for anything left, and forgets
 * each preview only when nothing of it is left that leftovers.ts does not explain. A record rebuilt
 * from tags is written first, so that the synth sees the preview, but only when its source
 * environment is still in the config: a record the config cannot load would break every later synth.
 */
export async function destroyPreviews(options: DeliveryOptions, records: readonly PreviewRecord[]): Promise<DestroyedPreview[]> {
  if (records.length === 0) return [];
  const { cliConfig } = terraformSetup();
  const before = loadConfig(configPath(options.configFile));
  for (const record of records) {
    if (!before.config.environments[record.from] || before.config.environments[record.from]!.previewOf) {
      throw new UserFacingError(
        `preview ${record.name} was derived from environment "${record.from}", which ${before.file} no longer defines: put it back to destroy the preview ` +
          `with its own stacks, or destroy its resources (tagged plinth:environment=${before.config.platform}-${record.name}) by hand`,
      );
    }
  }
  for (const record of records) writePreviewRecord(before.directory, record);
  const loaded = loadConfig(configPath(options.configFile));
  options.log(`synthesizing ${loaded.file} to destroy ${records.map((record) => record.name).join(', ')}`);
  synthesize(loaded, options.outdir);
  const results: DestroyedPreview[] = [];
  for (const record of records) {
    const destroyed = await destroyEnvironment({ loaded, outdir: options.outdir, cliConfig, log: options.log }, record.name);
    const location = tagsLocation(loaded.config, record.name);
    let leftBehind: string[];
    try {
      leftBehind = await resourcesOfEnvironment(location, loaded.config.platform, record.name);
    } catch (error) {
      throw new UserFacingError(`${record.name}: destroyed, but what is left could not be checked in ${locationName(location)} (${(error as Error).message}); it stays recorded`);
    }
    // Judged by type, not by this run: a destroy that already ran leaves the same explainable rest.
    const emulated = isEmulated(location);
    const explained = Object.fromEntries(leftBehind.flatMap((arn) => {
      const reason = leftoverReason(arn, emulated);
      return reason ? [[arn, reason] as const] : [];
    }));
    const result = { name: record.name, destroyed, leftBehind, explained };
    if (notDestroyed(result).length === 0) removePreviewRecord(loaded.directory, record.name);
    results.push(result);
  }
  return results;
}

/** What is left that leftovers.ts does not explain (the cloud's own ways, the emulator's gaps): resources the destroy missed. */
export function notDestroyed(result: DestroyedPreview): string[] {
  return result.leftBehind.filter((arn) => !(arn in result.explained));
}

/** `plinth preview down`: from the record, or from the tags when the record is lost. */
export async function previewDown(options: DeliveryOptions & { readonly name: string }): Promise<DestroyedPreview> {
  checkName(options.name);
  const loaded = loadConfig(configPath(options.configFile));
  const failures: string[] = [];
  const record = readPreviewRecord(loaded.directory, options.name) ?? (await recordFromTags(loaded, options.name, options.now, failures));
  if (!record) {
    const where = tagsLocations(loaded).map(locationName).join(', ');
    const unsearched = failures.length > 0 ? `; could not search ${failures.join(', ')}` : '';
    throw new UserFacingError(`no preview named ${options.name}: no record in ${previewsDirectory(loaded.directory)}${where ? ` and no resources tagged as one in ${where}` : ''}${unsearched}`);
  }
  return (await destroyPreviews(options, [record]))[0]!;
}
