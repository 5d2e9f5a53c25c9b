import { UserFacingError } from '../../../core/exit-codes';
import type { GateResult } from '../decision/gate';

/**
 * SageMaker's limits on CustomerMetadataProperties (botocore's service model: CustomerMetadataMap,
 * CustomerMetadataKey, CustomerMetadataValue). The emulator checks none of them, so they are enforced here.
 */
export const METADATA_LIMITS = { entries: 50, keyLength: 128, valueLength: 256 } as const;
/** SageMaker's limit on ApprovalDescription. */
export const APPROVAL_DESCRIPTION_MAX = 1024;
/** What SageMaker accepts in a key or value: letters, numbers, spaces and `_ . : / = + - @`. */
export const METADATA_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const NOT_METADATA_TEXT = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]+/gu;

/** The keys Plinth writes; everything under `plinth:` is Plinth's and rewritten on every mirror. */
export const METADATA_KEYS = {
  model: 'plinth:model',
  version: 'plinth:version',
  verdict: 'plinth:verdict',
  risk: 'plinth:risk',
  artifact: 'plinth:artifact',
  sha256: 'plinth:sha256',
  report: 'plinth:report',
  approvalBy: 'plinth:approval-by',
  gatesOmitted: 'plinth:gates-omitted',
  lineagePrefix: 'plinth:lineage:',
  gatePrefix: 'plinth:gate:',
} as const;

/** The entry kept free for `plinth:approval-by`: who approved, at promotion or in a later `updateApproval`. */
const RESERVED_FOR_APPROVAL = 1;

/** What the mirror records about one promoted version. */
export interface MirroredFacts {
  readonly modelName: string;
  readonly version: string;
  readonly decision: { readonly verdict: string; readonly risk: string; readonly gates: readonly GateResult[] };
  readonly lineage: Readonly<Record<string, string>>;
  readonly artifactUri: string;
  readonly sha256?: string;
  readonly reportUri?: string;
  /** The approver of a high-risk promotion, in the entry kept free for it. */
  readonly approvedBy?: string;
}

/** Whether metadata read back from SageMaker is the mirror of this model version. */
export function identifies(metadata: Readonly<Record<string, string>>, modelName: string, version: string): boolean {
  return metadata[METADATA_KEYS.model] === metadataText(modelName, METADATA_LIMITS.valueLength) && metadata[METADATA_KEYS.version] === metadataText(version, METADATA_LIMITS.valueLength);
}

/**
 * Text as SageMaker accepts it: comparison signs become words (`>= 0.9` reads `min 0.9`), any other
 * character outside the allowed set becomes a space, and the result is cut to `max` characters.
 */
export function metadataText(text: string, max: number): string {
  const worded = text.replace(/>=/g, 'min').replace(/<=/g, 'max').replace(/>/g, 'above').replace(/</g, 'below');
  const cleaned = worded.replace(NOT_METADATA_TEXT, ' ').replace(/\s+/g, ' ').trim();
  // Cut at `max` UTF-16 units, never inside a surrogate pair: within the limit however SageMaker counts.
  let cut = '';
  for (const character of cleaned) {
    if (cut.length + character.length > max) break;
    cut += character;
  }
  cut = cut.trim();
  return cut === '' ? '-' : cut;
}

function gateValue(gate: GateResult): string {
  const measured = gate.measured === null ? '-' : String(gate.measured);
  return metadataText(`${gate.verdict} measured=${measured} threshold=${gate.threshold}${gate.reason ? ` reason=${gate.reason}` : ''}`, METADATA_LIMITS.valueLength);
}

/** Puts `key` in `entries`, adding ` 2`, ` 3`… when two names clean up to the same key. */
function putUnique(entries: Map<string, string>, key: string, value: string): void {
  let unique = key;
  for (let n = 2; entries.has(unique); n += 1) unique = `${key.slice(0, METADATA_LIMITS.keyLength - String(n).length - 1)} ${n}`;
  entries.set(unique, value);
}

/**
 * The version's facts as CustomerMetadataProperties: identity and lineage first, then one entry per gate,
 * failed and undefined gates before passed ones. When the gates do not fit in SageMaker's 50 entries,
 * the last are left out and `plinth:gates-omitted` says how many and where the full report is.
 */
export function packageMetadata(facts: MirroredFacts): Record<string, string> {
  const entries = new Map<string, string>();
  const put = (key: string, value: string) => putUnique(entries, metadataText(key, METADATA_LIMITS.keyLength), metadataText(value, METADATA_LIMITS.valueLength));
  put(METADATA_KEYS.model, facts.modelName);
  put(METADATA_KEYS.version, facts.version);
  put(METADATA_KEYS.verdict, facts.decision.verdict);
  put(METADATA_KEYS.risk, facts.decision.risk);
  put(METADATA_KEYS.artifact, facts.artifactUri);
  if (facts.sha256 !== undefined) put(METADATA_KEYS.sha256, facts.sha256);
  if (facts.reportUri !== undefined) put(METADATA_KEYS.report, facts.reportUri);
  for (const [tag, value] of Object.entries(facts.lineage)) put(`${METADATA_KEYS.lineagePrefix}${tag}`, value);

  // When the gates do not fit, the omission note takes the last slot.
  const room = METADATA_LIMITS.entries - RESERVED_FOR_APPROVAL - entries.size;
  if (room < 2) {
    const lineageTags = Object.keys(facts.lineage).length;
    throw new UserFacingError(
      `${facts.modelName} version ${facts.version}: ${lineageTags} lineage tags leave no room for the gates in SageMaker's ${METADATA_LIMITS.entries} metadata entries; mirror at most ${lineageTags + room - 2} lineage tags`,
    );
  }
  const gates = [...facts.decision.gates].sort((a, b) => Number(a.verdict === 'pass') - Number(b.verdict === 'pass'));
  const shown = gates.length <= room ? gates : gates.slice(0, room - 1);
  for (const gate of shown) put(`${METADATA_KEYS.gatePrefix}${gate.gate} ${gate.name}`, gateValue(gate));
  if (shown.length < gates.length) {
    put(METADATA_KEYS.gatesOmitted, `${gates.length - shown.length} of ${gates.length} gates left out - passed ones first${facts.reportUri ? ` - full report ${facts.reportUri}` : ''}`);
  }
  if (facts.approvedBy !== undefined) put(METADATA_KEYS.approvalBy, facts.approvedBy);
  return Object.fromEntries(entries);
}
