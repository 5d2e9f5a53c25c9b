/** Clips a computed probability into [0, 1] (scipy `_clip_prob`); NaN stays NaN. */
export function clampProbability(p: number): number {
  return Math.min(Math.max(p, 0), 1);
}
