import type { Run } from './tracking-api';

/** Param and metric columns beyond this many make the table unreadable at 1280 px; the run page shows them all. */
export const MAX_KEY_COLUMNS = 6;

export interface KeyColumns {
  readonly shown: readonly string[];
  /** Keys present on the page but left out. */
  readonly hidden: number;
}

/**
 * The param or metric keys present on a page of runs, the most common first (ties by name), at most
 * MAX_KEY_COLUMNS: the columns that say most about most rows.
 */
export function keyColumns(runs: readonly Run[], of: (run: Run) => readonly { key: string }[] | undefined): KeyColumns {
  const counts = new Map<string, number>();
  for (const run of runs) for (const { key } of of(run) ?? []) counts.set(key, (counts.get(key) ?? 0) + 1);
  const keys = [...counts].sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b)).map(([key]) => key);
  return { shown: keys.slice(0, MAX_KEY_COLUMNS), hidden: Math.max(keys.length - MAX_KEY_COLUMNS, 0) };
}
