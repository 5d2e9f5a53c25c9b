import type { GateResult } from '../../services/gates/decision/gate';
import { gateTagKey, gateTagValue } from '../../services/gates/registry/registry-tags';
import type { StoredPromotion } from '../../services/gates/service/promotion-store';
import { type GateRow, gatesFromTags, lineageTags, recordedDecision, tagRecord } from '../../services/console/web/pages/models/gate-tags';
import type { Promotion } from '../../services/console/web/pages/models/promotions';

/**
 * The console's model page reads the gate tags `plinth gates promote` writes (for versions promoted without the
 * gates service): written here by the gates' own functions, read back by the page's.
 */
describe("the model page reads the gates' version tags", () => {
  const gates: GateResult[] = [
    { gate: 'metric', name: 'accuracy', measured: 0.8875, threshold: '>= 0.85', verdict: 'pass' },
    { gate: 'metric', name: 'f1 (macro)', measured: 0.708333333333, threshold: '>= 0.8', verdict: 'fail', reason: 'below the minimum 0.8' },
    { gate: 'slice', name: 'region: roc_auc, worst slice', measured: null, threshold: '>= 0.75', verdict: 'undefined', reason: 'slice "eu" (1 class): ROC AUC needs two classes (see: sklearn)' },
    { gate: 'lineage', name: 'tag git_commit', measured: 'release 3 (hotfix)', threshold: 'present, not empty', verdict: 'pass' },
    { gate: 'champion', name: 'accuracy vs champion', measured: -0.0125, threshold: 'drop <= 0.01', verdict: 'fail', reason: 'candidate 0.85, champion 0.8375: dropped 0.0125' },
    { gate: 'latency', name: 'p95', measured: 12.5, threshold: '<= 20 ms', verdict: 'pass' },
  ];
  const tags = [
    { key: 'plinth.sha256', value: 'ab'.repeat(32) },
    ...gates.map((gate) => ({ key: gateTagKey(gate), value: gateTagValue(gate) })),
    { key: 'plinth.decision', value: 'fail' },
    { key: 'git_commit', value: '3f2a9c1' },
    { key: 'dataset_version', value: '2026-11' },
  ];

  it('gives every gate with its value, threshold, verdict and reason; names as the tag keys spell them', () => {
    expect(gatesFromTags(tags)).toEqual([
      { gate: 'metric', name: 'accuracy', measured: 0.8875, threshold: '>= 0.85', verdict: 'pass' },
      // The tag keeps ten significant digits.
      { gate: 'metric', name: 'f1_macro', measured: 0.7083333333, threshold: '>= 0.8', verdict: 'fail', reason: 'below the minimum 0.8' },
      { gate: 'slice', name: 'region_roc_auc_worst_slice', measured: null, threshold: '>= 0.75', verdict: 'undefined', reason: gates[2]!.reason },
      { gate: 'lineage', name: 'tag_git_commit', measured: 'release 3 (hotfix)', threshold: 'present, not empty', verdict: 'pass' },
      { gate: 'champion', name: 'accuracy_vs_champion', measured: -0.0125, threshold: 'drop <= 0.01', verdict: 'fail', reason: gates[4]!.reason },
      { gate: 'latency', name: 'p95', measured: 12.5, threshold: '<= 20 ms', verdict: 'pass' },
    ]);
  });

  it('shows a value it cannot read whole, with its first word as the verdict', () => {
    expect(gatesFromTags([{ key: 'plinth.gate.metric.accuracy', value: 'pass, set by hand' }])).toEqual([
      { gate: 'metric', name: 'accuracy', measured: 'pass, set by hand', threshold: '–', verdict: 'pass,' },
    ]);
  });

  it("keeps the lineage tags apart from the gates' own, and lets an approver's word override the gates' decision", () => {
    expect(lineageTags(tags)).toEqual([
      ['git_commit', '3f2a9c1'],
      ['dataset_version', '2026-11'],
    ]);
    expect(recordedDecision(tagRecord(tags))).toBe('fail');
    const approved = tagRecord([...tags, { key: 'plinth.decision', value: 'needs-approval' }, { key: 'plinth.approval', value: 'approved by bob at 2026-12-01T10:00:00Z (requested by ci): ok' }]);
    expect(recordedDecision(approved)).toBe('approved');
    expect(recordedDecision({})).toBeUndefined();
  });

  it("reads promotions and gates in the service's own types (the web bundle repeats them: it is type-checked without Node's)", () => {
    // A compile-time check (npm test type-checks first): a field the service renames or retypes fails here.
    const asPage = (stored: StoredPromotion): Promotion => stored;
    const gateAsPage = (gate: GateResult): GateRow => gate;
    expect(gates.map(gateAsPage)).toEqual(gates);
    expect(asPage).toBeInstanceOf(Function);
  });
});
