import { distinctCountOfUnion, prepareSample } from '../../../services/drift/sample';
import { defaultStatTest } from '../../../services/drift/stattests/default-stattest';
import { STAT_TESTS } from '../../../services/drift/stattests/registry';
import type { StatTestName } from '../../../services/drift/stattests/stattest';
import { type SampleSpec, materialize, readFixture, relativeError } from './fixture-data';

interface StatTestCase {
  name: string;
  type: 'numeric' | 'categorical';
  reference: SampleSpec;
  current: SampleSpec;
  reference_rows: number;
  current_rows: number;
  default_stattest: StatTestName;
  /** Non-finite values arrive as the strings "Infinity" / "NaN". */
  expected: Partial<Record<StatTestName, { statistic: number | string; p_value?: number }>>;
}

const { cases } = readFixture<{ cases: StatTestCase[] }>('stattests.json');
const TOLERANCE = 1e-9;

describe.each(cases)('$name', (fixture) => {
  const reference = prepareSample(materialize(fixture.reference));
  const current = prepareSample(materialize(fixture.current));
  const input = { type: fixture.type, reference: reference.sample, current: current.sample };

  it('drops NaN, ±Infinity and missing values before testing', () => {
    expect(reference.sample.size).toBe(fixture.reference_rows);
    expect(current.sample.size).toBe(fixture.current_rows);
  });

  it.each(Object.entries(fixture.expected))('%s matches scipy to 1e-9', (name, expected) => {
    const outcome = STAT_TESTS[name as StatTestName].run(input);
    expect(relativeError(outcome.statistic, Number(expected.statistic))).toBeLessThanOrEqual(TOLERANCE);
    if (expected.p_value !== undefined) {
      expect(relativeError(outcome.pValue!, expected.p_value)).toBeLessThanOrEqual(TOLERANCE);
    } else {
      expect(outcome.pValue).toBeUndefined();
    }
  });

  it(`picks ${fixture.default_stattest} by default, as Evidently does`, () => {
    const distinct = distinctCountOfUnion(reference.sample, current.sample);
    expect(defaultStatTest(fixture.type, fixture.reference_rows, distinct)).toBe(fixture.default_stattest);
  });
});
