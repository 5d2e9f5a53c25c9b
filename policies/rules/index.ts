import type { Pack, Rule } from '../engine/rule';
import { awsPack } from './aws/pack';
import { finopsPack } from './finops/pack';
import { gcpPack } from './gcp/pack';
import { kubernetesPack } from './kubernetes/pack';
import { mlPlatformPack } from './ml/pack';

/** Every pack Plinth ships. A rule may belong to several packs. */
export const PACKS: readonly Pack[] = [awsPack, gcpPack, kubernetesPack, mlPlatformPack, finopsPack];

/** Every rule once, in id order. */
export const ALL_RULES: readonly Rule[] = [...new Map(PACKS.flatMap((pack) => pack.rules).map((rule) => [rule.id, rule])).values()].sort((a, b) =>
  a.id.localeCompare(b.id),
);
