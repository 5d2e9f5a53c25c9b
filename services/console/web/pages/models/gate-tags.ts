import type { KeyValue } from './registry';

/** What the gates write on a model version (services/gates/registry/registry-tags.ts; the console reads them). */
export const GATE_TAGS = {
  sha256: 'plinth.sha256',
  decision: 'plinth.decision',
  report: 'plinth.decision.report',
  modelCard: 'plinth.model_card',
  previousChampion: 'plinth.previous_champion',
  approval: 'plinth.approval',
  gatePrefix: 'plinth.gate.',
} as const;

/** A gate as the page shows it, from the gates service's decision or from a version's tag. */
export interface GateRow {
  /** The family: metric, champion, slice, latency, size, lineage, safety. */
  readonly gate: string;
  readonly name: string;
  /** The measured value as shown: a number is formatted by the table, text as it is. */
  readonly measured: number | string | null;
  readonly threshold: string;
  readonly verdict: string;
  readonly reason?: string;
}

export function tagRecord(tags: readonly KeyValue[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((tag) => [tag.key, tag.value ?? '']));
}

/** The lineage tags (git_commit, dataset_version, …): every tag the gates did not write. */
export function lineageTags(tags: readonly KeyValue[] | undefined): [string, string][] {
  return Object.entries(tagRecord(tags)).filter(([key]) => !key.startsWith('plinth.'));
}

// `<verdict> <measured> (<threshold>)` then `: <reason>` unless it passed (gateTagValue in registry-tags.ts).
const GATE_VALUE = /^(\S+) (.*?) \(([^()]*)\)(?:: ([\s\S]*))?$/;

/**
 * The gates a `plinth gates promote` recorded as `plinth.gate.<family>.<name>` tags, in tag order. The tag keeps
 * the name as a key (lowercased, `_` for other characters), so that is the name shown. A value that does not
 * read as the gates write it is shown whole, with its first word as the verdict.
 */
export function gatesFromTags(tags: readonly KeyValue[] | undefined): GateRow[] {
  return (tags ?? [])
    .filter((tag) => tag.key.startsWith(GATE_TAGS.gatePrefix))
    .map((tag) => {
      const [family = '', ...rest] = tag.key.slice(GATE_TAGS.gatePrefix.length).split('.');
      const name = rest.join('.') || family;
      const value = tag.value ?? '';
      const parsed = GATE_VALUE.exec(value);
      if (!parsed) return { gate: family, name, measured: value, threshold: '–', verdict: value.split(' ', 1)[0] ?? '' };
      const [, verdict = '', measured = '', threshold = '', reason] = parsed;
      const number = Number(measured);
      return {
        gate: family,
        name,
        measured: measured === '-' ? null : measured.trim() !== '' && Number.isFinite(number) ? number : measured,
        threshold,
        verdict,
        ...(reason === undefined ? {} : { reason }),
      };
    });
}

/**
 * Where a version stands by its tags: an approver's word (`plinth.approval`, written after `needs-approval`) wins
 * over the gates' `plinth.decision`, which the service leaves as the gates decided.
 */
export function recordedDecision(tags: Readonly<Record<string, string>>): string | undefined {
  const approval = /^(approved|rejected)\b/.exec(tags[GATE_TAGS.approval] ?? '')?.[1];
  return approval ?? tags[GATE_TAGS.decision];
}
