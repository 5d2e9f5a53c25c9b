import { configPath, loadConfig } from '../../core/config/load';
import { readPreviewRecords, type PreviewRecord } from '../../core/config/previews';
import { UserFacingError } from '../../core/exit-codes';
import { destroyPreviews, tagsLocations, type DeliveryOptions } from './previews';
import { findExpiringEnvironments } from './tagged-environments';

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
  /** Resources still tagged as the environment's after the destroy. */
  readonly leftBehind: readonly string[];
}

export interface JanitorReport {
  /** The time expiry was judged against (`--at`, else now). */
  readonly at: string;
  readonly dryRun: boolean;
  /** Where tags were searched (region or emulator endpoint); empty where the cloud's search is not built. */
  readonly searched: readonly string[];
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
export async function runJanitor(options: DeliveryOptions & { readonly dryRun: boolean }): Promise<JanitorReport> {
  const loaded = loadConfig(configPath(options.configFile));
  const candidates = new Map<string, Candidate>();
  for (const record of readPreviewRecords(loaded.directory)) candidates.set(record.name, { record });
  const locations = tagsLocations(loaded);
  for (const location of locations) {
    for (const tagged of await findExpiringEnvironments(location, loaded.config.platform)) {
      const candidate = candidates.get(tagged.environment) ?? {};
      candidate.fromTags = { expiresAt: tagged.expiresAt, previewOf: tagged.previewOf };
      candidates.set(tagged.environment, candidate);
    }
  }

  const entries: JanitorEntry[] = [];
  for (const [environment, candidate] of [...candidates.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const expiresAt = candidate.record ? new Date(candidate.record.expiresAt) : candidate.fromTags!.expiresAt;
    const foundBy = [...(candidate.record ? (['record'] as const) : []), ...(candidate.fromTags ? (['tags'] as const) : [])];
    const base = { environment, expiresAt: expiresAt.toISOString(), foundBy, destroyedStacks: [], leftBehind: [] };
    const from = candidate.record?.from ?? candidate.fromTags?.previewOf;
    if (expiresAt.getTime() > options.now.getTime()) {
      entries.push({ ...base, status: 'kept', detail: `expires in ${hoursBetween(options.now, expiresAt)}` });
    } else if (!from) {
      entries.push({ ...base, status: 'not a preview', detail: 'expired, but declared in the config rather than made by `plinth preview up`: remove it from the config and destroy it with `cdktf destroy`' });
    } else if (options.dryRun) {
      entries.push({ ...base, status: 'would destroy', detail: `expired ${hoursBetween(expiresAt, options.now)} ago (preview of ${from})` });
    } else {
      const record: PreviewRecord = candidate.record ?? { name: environment, from, createdAt: options.now.toISOString(), expiresAt: expiresAt.toISOString() };
      entries.push(await destroyOne(options, record, base));
    }
  }
  return { at: options.now.toISOString(), dryRun: options.dryRun, searched: locations.map((location) => location.endpoint ?? location.region), entries };
}

async function destroyOne(options: DeliveryOptions, record: PreviewRecord, base: Omit<JanitorEntry, 'status' | 'detail'>): Promise<JanitorEntry> {
  try {
    const [result] = await destroyPreviews(options, [record]);
    const destroyedStacks = result!.destroyed.map((stack) => stack.stack);
    const unexplained = result!.leftBehind.filter((arn) => !result!.leftToEmulator.includes(arn));
    if (unexplained.length > 0) {
      return { ...base, status: 'failed', detail: `destroyed, but ${unexplained.length} resources are still tagged as its own; it stays recorded`, destroyedStacks, leftBehind: result!.leftBehind };
    }
    const emulatorNote = result!.leftToEmulator.length > 0 ? `; left to the emulator, which cannot delete them: ${result!.leftToEmulator.join(', ')}` : '';
    return { ...base, status: 'destroyed', detail: `${destroyedStacks.length > 0 ? destroyedStacks.join(', ') : 'no deployed stacks'}${emulatorNote}`, destroyedStacks, leftBehind: result!.leftBehind };
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    return { ...base, status: 'failed', detail: error.message };
  }
}

function hoursBetween(from: Date, to: Date): string {
  const hours = (to.getTime() - from.getTime()) / 3_600_000;
  return hours >= 48 ? `${Math.round(hours / 24)} d` : hours >= 1 ? `${Math.round(hours)} h` : `${Math.max(1, Math.round(hours * 60))} min`;
}

/** The command fails when anything could not be destroyed. */
export function janitorFailed(report: JanitorReport): boolean {
  return report.entries.some((entry) => entry.status === 'failed');
}
