import { defaultStatTest } from '../../../services/drift/stattests/default-stattest';

describe("default test per column (Evidently 0.7's _get_default_stattest)", () => {
  it.each([
    ['numeric', 1000, 6, 'ks'],
    ['numeric', 1000, 5, 'chisquare'],
    ['numeric', 1000, 3, 'chisquare'],
    ['numeric', 1000, 2, 'z'],
    ['numeric', 1000, 1, 'z'],
    ['categorical', 1000, 3, 'chisquare'],
    ['categorical', 1000, 2, 'z'],
    ['numeric', 1001, 6, 'wasserstein'],
    ['numeric', 1001, 5, 'jensenshannon'],
    ['numeric', 1001, 1, 'jensenshannon'],
    ['categorical', 1001, 2, 'jensenshannon'],
    ['categorical', 100_000, 500, 'jensenshannon'],
  ] as const)('%s column, %d reference rows, %d distinct values → %s', (type, rows, distinct, expected) => {
    expect(defaultStatTest(type, rows, distinct)).toBe(expected);
  });
});
