import { configPath, loadConfig } from '../../core/config/load';
import { readPreviewRecords, type PreviewRecord } from '../../core/config/previews';
import { UserFacingError } from '../../core/exit-codes';
import { destroyPreviews, notDestroyed, tagsLocations, type DeliveryOptions } from './previews';
import { anyStillExists } from './leftovers';
import { findExpiringEnvironments, isEmulated, locationName } from './tagged-environments';

export type JanitorStatus = 'kept' | 'would destroy' | 'destroyed' | 'failed' | 'not a preview';

/** What the janitor found and did for one environment. */
export interface JanitorEntry {
  readonly environment: string;
  readonly expiresAt: string;
  /** Where it was found: its record beside the config, the cloud's tags, or both. */
  readonly foundBy: readonly ('record' | 'tags')[];
  readonly status: JanitorStatus;
  readonly detail: string;
  readonly destroyedStacks: readonly string[];
  /** Resources still tagged as the environment's after the destroy, and not explained by leftovers.ts. */
  readonly leftBehind: readonly string[];
}

export interface JanitorReport {
  /** The time expiry was judged against (`--at`, else now). */
  readonly at: string;
  readonly dryRun: boolean;
  /** Where tags were searched (region or emulator endpoint); empty where the cloud's search is not built. */
  readonly searched: readonly string[];
  /** Where the search failed, and why: orphans there may be missed, so the command fails. */
  readonly unsearched: readonly { readonly location: string; readonly reason: string }[];
  readonly entries: readonly JanitorEntry[];
}

interface Candidate {
  record?: PreviewRecord;
  fromTags?: { readonly expiresAt: Date; readonly previewOf?: string };
}

/**
 * `plinth janitor`: every expired preview, from its record or (when the record is lost) from the
 * `plinth:expires-at` tags, destroyed stack by stack. A preview is forgotten only once nothing
 * tagged as its own is left; what is left is reported and makes the command fail.
 */
export async function runJanitor(options: DeliveryOptions & { readonly dryRun: boolean; readonly sources?: readonly string[] }): Promise<JanitorReport> {
  const loaded = loadConfig(configPath(options.configFile));
  const sources = options.sources ?? [];
  for (const source of sources) {
    if (!loaded.config.environments[source]) throw new UserFacingError(`--env ${source}: no such environment in ${loaded.file} (environments: ${Object.keys(loaded.config.environments).join(', ')})`);
  }
  const wanted = (from: string | undefined) => sources.length === 0 || (from !== undefined && sources.includes(from));
  const candidates = new Map<string, Candidate>();
  for (const record of readPreviewRecords(loaded.directory)) if (wanted(record.from)) candidates.set(record.name, { record });
  const locations = tagsLocations(loaded, sources.length > 0 ? sources : undefined);
  const searched: string[] = [];
  const unsearched: { location: string; reason: string }[] = [];
  for (const location of locations) {
    const where = locationName(location);
    let tagged: Awaited<ReturnType<typeof findExpiringEnvironments>>;
    try {
      tagged = await findExpiringEnvironments(location, loaded.config.platform);
    } catch (error) {
      unsearched.push({ location: where, reason: (error as Error).message });
      continue;
    }
    searched.push(where);
    // An environment whose only tagged resources are ones already destroyed (leftovers.ts) is gone.
    for (const environment of tagged.filter((found) => wanted(found.previewOf) && anyStillExists(found.resources, isEmulated(location)))) {
      const candidate = candidates.get(environment.environment) ?? {};
      candidate.fromTags = { expiresAt: environment.expiresAt, previewOf: environment.previewOf };
      candidates.set(environment.environment, candidate);
    }
  }

  const entries: JanitorEntry[] = [];
  for (const [environment, candidate] of [...candidates.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const expiresAt = candidate.record ? new Date(candidate.record.expiresAt) : candidate.fromTags!.expiresAt;
    const foundBy = [...(candidate.record ? (['record'] as const) : []), ...(candidate.fromTags ? (['tags'] as const) : [])];
    const base = { environment, expiresAt: expiresAt.toISOString(), foundBy, destroyedStacks: [], leftBehind: [] };
    const from = candidate.record?.from ?? candidate.fromTags?.previewOf;
    if (expiresAt.getTime() > options.now.getTime()) {
      entries.push({ ...base, status: 'kept', detail: `expires in ${durationBetween(options.now, expiresAt)}` });
    } else if (!from) {
      entries.push({ ...base, status: 'not a preview', detail: 'expired, but not made by `plinth preview up` (no plinth:preview-of tag): destroy it with its own config (`cdktf destroy`) and drop it from there' });
    } else if (options.dryRun) {
      entries.push({ ...base, status: 'would destroy', detail: `expired ${durationBetween(expiresAt, options.now)} ago (preview of ${from})` });
    } else {
      const record: PreviewRecord = candidate.record ?? { name: environment, from, createdAt: options.now.toISOString(), expiresAt: expiresAt.toISOString() };
      entries.push(await destroyOne(options, record, base));
    }
  }
  return { at: options.now.toISOString(), dryRun: options.dryRun, searched, unsearched, entries };
}

async function destroyOne(options: DeliveryOptions, record: PreviewRecord, base: Omit<JanitorEntry, 'status' | 'detail'>): Promise<JanitorEntry> {
  try {
    const [result] = await destroyPreviews(options, [record]);
    const destroyedStacks = result!.destroyed.map((stack) => stack.stack);
    const unexplained = notDestroyed(result!);
    if (unexplained.length > 0) {
      return { ...base, status: 'failed', detail: `destroyed, but ${unexplained.length} resources are still tagged as its own; it stays recorded`, destroyedStacks, leftBehind: unexplained };
    }
    const explained = Object.keys(result!.explained).length;
    const note = explained > 0 ? `; ${explained} still listed but destroyed (the cloud deletes them later or never, as Cloud KMS keys, or the emulator cannot)` : '';
    return { ...base, status: 'destroyed', detail: `${destroyedStacks.length > 0 ? destroyedStacks.join(', ') : 'no deployed stacks'}${note}`, destroyedStacks, leftBehind: [] };
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    return { ...base, status: 'failed', detail: error.message };
  }
}

function durationBetween(from: Date, to: Date): string {
  const hours = (to.getTime() - from.getTime()) / 3_600_000;
  return hours >= 48 ? `${Math.round(hours / 24)} d` : hours >= 1 ? `${Math.round(hours)} h` : `${Math.max(1, Math.round(hours * 60))} min`;
}

/** The command fails when anything could not be destroyed, or a place could not be searched. */
export function janitorFailed(report: JanitorReport): boolean {
  return report.unsearched.length > 0 || report.entries.some((entry) => entry.status === 'failed');
}
