import fc from 'fast-check';
import { UserFacingError } from '../../../core/exit-codes';
import { metadataText, packageMetadata } from '../../../services/gates/cloud-registry/package-metadata';
import type { GateResult } from '../../../services/gates/decision/gate';

/** SageMaker's own constraints (botocore's service model, CustomerMetadataMap/Key/Value), written out independently of the code. */
const SAGEMAKER_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const SAGEMAKER_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;
const SAGEMAKER_MAX_ENTRIES = 50;

function expectAcceptedBySageMaker(metadata: Record<string, string>): void {
  const entries = Object.entries(metadata);
  expect(entries.length).toBeLessThanOrEqual(SAGEMAKER_MAX_ENTRIES);
  for (const [key, value] of entries) {
    expect(key).toMatch(SAGEMAKER_KEY);
    expect(value).toMatch(SAGEMAKER_VALUE);
  }
}

const gate = (name: string, verdict: GateResult['verdict'], measured: GateResult['measured'] = 0.9): GateResult => ({ gate: 'metric', name, measured, threshold: '>= 0.5 and <= 1', verdict });
const facts = (gates: readonly GateResult[], lineage: Record<string, string> = { git_commit: 'abc' }) => ({
  modelName: 'churn',
  version: '7',
  decision: { verdict: 'fail', risk: 'high', gates },
  lineage,
  artifactUri: 's3://bucket/models/churn/7/model.onnx',
  reportUri: 's3://bucket/reports/churn/7.json',
});

describe('the gates and lineage as SageMaker CustomerMetadataProperties', () => {
  it('words comparisons and drops characters SageMaker refuses', () => {
    expect(metadataText('f1 (macro) >= 0.8, <= 1; p95 < 20 ms', 256)).toBe('f1 macro min 0.8 max 1 p95 below 20 ms');
    expect(metadataText('(),;', 256)).toBe('-');
    expect(metadataText('é'.repeat(300), 256)).toBe('é'.repeat(256));
  });

  it('keeps any gate name, measured string and lineage value within SageMaker constraints', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '𝐀', ' ', '\u0000', '\ud800', '>', '(', '😀', ':', '=', '-', ','), maxLength: 400 });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { maxLength: 80 }), fc.dictionary(text, text, { maxKeys: 5 }), (named, lineage) => {
        const gates = named.map(([name, measured], index) => gate(name, index % 3 === 0 ? 'fail' : 'pass', measured));
        expectAcceptedBySageMaker(packageMetadata(facts(gates, lineage)));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps room for the approver, failed gates before passed ones, and says how many were left out', () => {
    const gates = Array.from({ length: 60 }, (_, index) => gate(`metric ${index}`, index >= 55 ? 'fail' : 'pass'));
    const metadata = packageMetadata(facts(gates));
    expect(Object.keys(metadata)).toHaveLength(SAGEMAKER_MAX_ENTRIES - 1);
    for (let index = 55; index < 60; index += 1) expect(metadata[`plinth:gate:metric metric ${index}`]).toBe('fail measured=0.9 threshold=min 0.5 and max 1');
    const shown = Object.keys(metadata).filter((key) => key.startsWith('plinth:gate:')).length;
    expect(metadata['plinth:gates-omitted']).toBe(`${60 - shown} of 60 gates left out - passed ones first - full report s3://bucket/reports/churn/7.json`);
    const approved = packageMetadata({ ...facts(gates), approvedBy: 'alice' });
    expect(Object.keys(approved)).toHaveLength(SAGEMAKER_MAX_ENTRIES);
    expect(approved['plinth:approval-by']).toBe('alice');
  });

  it('keeps two gates whose names clean up alike apart', () => {
    const metadata = packageMetadata(facts([gate('f1 (macro)', 'pass', 0.8), gate('f1 macro', 'pass', 0.7)]));
    expect(metadata['plinth:gate:metric f1 macro']).toBe('pass measured=0.8 threshold=min 0.5 and max 1');
    expect(metadata['plinth:gate:metric f1 macro 2']).toBe('pass measured=0.7 threshold=min 0.5 and max 1');
  });

  it('refuses lineage that leaves no room for the gates, saying how many tags fit', () => {
    const lineage = Object.fromEntries(Array.from({ length: 45 }, (_, index) => [`tag${index}`, 'x']));
    expect(() => packageMetadata(facts([gate('accuracy', 'pass')], lineage))).toThrow(UserFacingError);
    expect(() => packageMetadata(facts([gate('accuracy', 'pass')], lineage))).toThrow('churn version 7: 45 lineage tags leave no room for the gates in SageMaker\'s 50 metadata entries; mirror at most 41 lineage tags');
  });
});
