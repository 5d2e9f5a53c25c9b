/**
 * The name of every pack in PACKS (./index.ts), in its order: `plinth policy check --help` lists them
 * without loading the rules. test/cli/plinth-lazy-families.test.ts keeps the two equal.
 */
export const PACK_NAMES = ['aws', 'gcp', 'kubernetes', 'ml-platform', 'finops'] as const;
