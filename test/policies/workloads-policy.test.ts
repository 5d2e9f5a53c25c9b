import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { readFileSync } from 'node:fs';
import { DatabaseBootstrapJob } from '../../constructs/k8s/database-bootstrap-job';
import { PlatformNamespace } from '../../constructs/k8s/platform-namespace';
import { PlinthService } from '../../constructs/k8s/plinth-service';
import { TritonServer } from '../../constructs/k8s/triton/triton-server';
import { evaluate, type Report } from '../../policies/engine/evaluate';
import { ResourceGraph } from '../../policies/engine/graph';
import { loadInput } from '../../policies/engine/inputs';
import { atLeast } from '../../policies/engine/rule';
import { recordResourceSources } from '../../policies/engine/source';
import { ALL_RULES } from '../../policies/rules';
import { kubernetesPack } from '../../policies/rules/kubernetes/pack';
import { identity } from '../constructs/k8s/k8s-synth';
import { FIXTURE, trackingProps } from '../constructs/k8s/platform-fixture';

recordResourceSources();

/** Plinth's workloads as they are emitted (namespace, tracking, its bootstrap Job: the constructs' own test fixture), through every rule. */
describe('policies on the workloads Plinth emits', () => {
  let report: Report;
  beforeAll(async () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'workloads');
    new KubernetesProvider(stack, 'kubernetes', { host: 'https://cluster.example' });
    const namespace = new PlatformNamespace(stack, 'Namespace', { name: FIXTURE.namespace });
    new PlinthService(stack, 'Tracking', trackingProps(namespace));
    new DatabaseBootstrapJob(stack, 'TrackingDatabase', {
      namespace,
      service: FIXTURE.service,
      image: FIXTURE.image,
      identity: identity(FIXTURE.namespace, `${FIXTURE.service}-database-bootstrap`),
      database: FIXTURE.database,
      env: { AWS_REGION: 'eu-west-1' },
    });
    app.synth();
    report = evaluate((await loadInput(app.outdir)).map((source) => new ResourceGraph(source)), ALL_RULES);
  });

  test('every Kubernetes rule reads the manifests and passes, but for the digest pin (low: tags are immutable in the registry)', () => {
    const byRule = new Map(report.stats.map((stats) => [stats.ruleId, stats]));
    const verdicts = kubernetesPack.rules.map((rule) => ({ id: rule.id, passed: byRule.get(rule.id)?.passed ?? 0, failed: byRule.get(rule.id)?.failed ?? 0 }));
    expect(verdicts.filter(({ id, passed, failed }) => id !== 'PLN-K8S-006' && (passed === 0 || failed > 0))).toEqual([]);
    expect(report.findings.filter((finding) => atLeast(finding.severity, 'medium'))).toEqual([]);
    expect(report.unknown).toEqual([]);
  });

  test('a finding on a Kubernetes object points at the line that built it, not at the KubernetesObject wrapper', () => {
    const deployment = report.findings.find((finding) => finding.ruleId === 'PLN-K8S-006' && finding.resource.includes('Deployment'))!;
    expect(deployment.source?.file).toBe('constructs/k8s/plinth-service.ts');
    expect(readFileSync(deployment.source!.file, 'utf8').split('\n')[deployment.source!.line! - 1]).toContain('new KubernetesObject(');
  });
});

/** Triton as TritonServer emits it: an Argo Rollout, scaled by KEDA, with its budget, Services and policies. */
describe('policies on the Triton Rollout Plinth emits', () => {
  let report: Report;
  beforeAll(async () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'serving');
    new KubernetesProvider(stack, 'kubernetes', { host: 'https://cluster.example' });
    const namespace = new PlatformNamespace(stack, 'Namespace', { name: 'serving' });
    new TritonServer(stack, 'Triton', {
      namespace,
      identity: identity('serving', 'triton'),
      modelRepository: 's3://acme-artifacts/triton/',
      gpuPool: { cloud: 'test', description: 'node pool gpu', name: 'gpu' },
      prometheus: { namespace: 'monitoring', url: 'http://kube-prometheus-stack-prometheus.monitoring.svc:9090' },
    });
    app.synth();
    report = evaluate((await loadInput(app.outdir)).map((source) => new ResourceGraph(source)), ALL_RULES);
  });

  test('the Rollout meets every pod rule, its disruption budget and the serving rule; only the digest pin fails (low)', () => {
    const rollout = report.stats.filter((stats) => stats.stack === 'serving');
    const passed = (id: string) => rollout.find((stats) => stats.ruleId === id)?.passed ?? 0;
    for (const id of ['PLN-K8S-002', 'PLN-K8S-003', 'PLN-K8S-012', 'PLN-K8S-015', 'PLN-K8S-016', 'PLN-K8S-017', 'PLN-K8S-021', 'PLN-ML-006']) expect([id, passed(id)]).toEqual([id, 1]);
    expect(report.findings.map((finding) => `${finding.ruleId} ${finding.resource}`)).toEqual([expect.stringMatching(/^PLN-K8S-006 kubernetes_manifest\.Triton_Rollout_/)]);
    expect(report.unknown).toEqual([]);
  });
});
