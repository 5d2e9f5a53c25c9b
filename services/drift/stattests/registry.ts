import { chiSquareStatTest } from './chisquare';
import { jensenShannonStatTest } from './jensen-shannon';
import { ksStatTest } from './ks';
import { psiStatTest } from './psi';
import type { StatTest, StatTestName } from './stattest';
import { wassersteinStatTest } from './wasserstein';
import { zStatTest } from './z';

/** Every test a column can name in its options, by name. */
export const STAT_TESTS: Readonly<Record<StatTestName, StatTest>> = {
  ks: ksStatTest,
  chisquare: chiSquareStatTest,
  z: zStatTest,
  wasserstein: wassersteinStatTest,
  jensenshannon: jensenShannonStatTest,
  psi: psiStatTest,
};

export const STAT_TEST_NAMES = Object.keys(STAT_TESTS) as StatTestName[];
