/** A share as a percentage with one decimal: 0.5 → "50.0%". */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share) ? '–' : `${(share * 100).toFixed(1)}%`;
}

/** "drift" (red) or "no drift" (green), in words as well as colour. */
export function DriftVerdict({ drifted }: { drifted: boolean }) {
  return <span class={`badge ${drifted ? 'fail' : 'pass'}`}>{drifted ? 'drift' : 'no drift'}</span>;
}
