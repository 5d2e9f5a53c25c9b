import { ALL_RULES } from '../../policies/rules';
import { checkovConformanceEnabled, checkovIds, conformance, type CheckConformance } from './checkov-conformance';
import { CHECKOV_DIVERGENCES } from '../../policies/rules/checkov-divergences';

const describeWithReference = checkovConformanceEnabled() ? describe : describe.skip;

describeWithReference('conformance with Checkov on its own fixtures', () => {
  const mapped = ALL_RULES.filter((rule) => rule.checkov !== undefined && checkovIds().includes(rule.checkov));
  const results: CheckConformance[] = [];

  beforeAll(async () => {
    for (const rule of mapped) results.push(await conformance(rule.checkov!, rule));
    printTable(results);
  }, 120_000);

  test('maps at least 40 of the reference checks to a rule', () => {
    expect(new Set(mapped.map((rule) => rule.checkov)).size).toBeGreaterThanOrEqual(40);
  });

  test('every mapped rule agrees with Checkov, or its divergence is documented', () => {
    const undocumented = results.flatMap((check) =>
      check.results
        .filter((result) => !result.agrees && !CHECKOV_DIVERGENCES.some((d) => d.checkov === check.checkov && d.addresses.includes(result.address)))
        .map((result) => `${check.checkov} (${check.ruleId}) ${result.address}: Checkov expects ${result.expected}, Plinth says ${result.actual.join('/')}`),
    );
    expect(undocumented).toEqual([]);
  });

  test('every documented divergence still diverges', () => {
    const stale = CHECKOV_DIVERGENCES.flatMap((divergence) => {
      const check = results.find((result) => result.checkov === divergence.checkov);
      return divergence.addresses.filter((address) => check?.results.find((result) => result.address === address)?.agrees !== false).map((address) => `${divergence.checkov} ${address}`);
    });
    expect(stale).toEqual([]);
  });
});

function printTable(results: readonly CheckConformance[]): void {
  const lines = results.map(
    (check) =>
      `${check.checkov.padEnd(12)} ${check.ruleId.padEnd(13)} ${String(check.agreed).padStart(3)}/${String(check.total).padEnd(3)} ${percent(check.agreed, check.total).padStart(6)}${check.missing.length > 0 ? `  (${check.missing.length} expected addresses absent from the fixture copy)` : ''}`,
  );
  const agreed = results.reduce((sum, check) => sum + check.agreed, 0);
  const total = results.reduce((sum, check) => sum + check.total, 0);
  const exact = results.filter((check) => check.agreed === check.total).length;
  console.log(
    [
      'Checkov conformance (verdicts agreeing with Checkov\'s expected ones, per check):',
      ...lines,
      `overall: ${agreed}/${total} verdicts (${percent(agreed, total)}); ${exact}/${results.length} checks agree on every fixture resource`,
    ].join('\n'),
  );
}

function percent(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}%`;
}
