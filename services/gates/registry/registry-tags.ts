import type { KeyValue } from '../../tracking/client/messages';
import type { GateDecision } from '../decision/decide';
import type { GateResult } from '../decision/gate';

/**
 * The model-version tags the gates read and write (services/gates/README.md, "Promote, roll back, register").
 * Every key starts with `plinth.`; every other tag of a version is a lineage tag (git_commit, dataset_version).
 */
export const TAGS = {
  /** The model file's sha256 (64 hex digits), recorded by `plinth gates register` when the version is created. */
  sha256: 'plinth.sha256',
  /** `pass`, `fail` or `needs-approval`: the outcome of the last `plinth gates promote` of the version. */
  decision: 'plinth.decision',
  /** The decision's JSON report, as an artifact URI. */
  report: 'plinth.decision.report',
  /** The model card, as an artifact URI (promoted versions). */
  modelCard: 'plinth.model_card',
  /** The champion this version replaced, so that a rollback past it knows the one before. */
  previousChampion: 'plinth.previous_champion',
  /** Prefix of one tag per gate. */
  gate: 'plinth.gate.',
} as const;

export const CHAMPION = 'champion';
export const PREVIOUS = 'previous';

export type PromotionDecision = 'pass' | 'fail' | 'needs-approval';

/** The registry's word for a decision: a high-risk pass waits for an approver; `undefined` gates do not pass. */
export function promotionDecision(decision: GateDecision): PromotionDecision {
  if (decision.verdict !== 'pass') return 'fail';
  return decision.approval.required ? 'needs-approval' : 'pass';
}

/** `plinth.gate.metric.accuracy`, `plinth.gate.slice.region_accuracy_worst_slice`: the family, then the name as a key. */
export function gateTagKey(gate: GateResult): string {
  const name = gate.name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return `${TAGS.gate}${gate.gate}.${name}`;
}

function shown(measured: GateResult['measured']): string {
  if (measured === null) return '-';
  return typeof measured === 'number' ? String(Number(measured.toPrecision(10))) : measured;
}

/** `pass 0.8875 (>= 0.85)`, `fail 0.708333 (>= 0.85)`, `undefined - (>= 0.85): <reason>`: verdict, measured value, threshold. */
export function gateTagValue(gate: GateResult): string {
  const text = `${gate.verdict} ${shown(gate.measured)} (${gate.threshold})${gate.verdict === 'pass' || gate.reason === undefined ? '' : `: ${gate.reason}`}`;
  // MLflow limits a model-version tag value to 5000 characters.
  return text.length > 5000 ? `${text.slice(0, 4997)}...` : text;
}

/** A version's tags as a record. */
export function tagRecord(tags: readonly KeyValue[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((tag) => [tag.key, tag.value ?? '']));
}

/** The lineage tags: every tag not written by the gates. */
export function lineageTags(tags: readonly KeyValue[] | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tagRecord(tags)).filter(([key]) => !key.startsWith('plinth.')));
}
