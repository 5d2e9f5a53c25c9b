import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { EmbeddingServer } from '../../../../constructs/k8s/llm/embedding-server';
import { VllmServer } from '../../../../constructs/k8s/llm/vllm-server';
import { PlatformNamespace } from '../../../../constructs/k8s/platform-namespace';
import { evaluate, type Report } from '../../../../policies/engine/evaluate';
import { ResourceGraph } from '../../../../policies/engine/graph';
import { loadInput } from '../../../../policies/engine/inputs';
import { atLeast } from '../../../../policies/engine/rule';
import { ALL_RULES } from '../../../../policies/rules';
import { kubernetesPack } from '../../../../policies/rules/kubernetes/pack';
import { identity } from '../k8s-synth';

/** Both vLLM servers as they are emitted, through every policy rule. */
describe('policies on the vLLM servers', () => {
  let report: Report;
  beforeAll(async () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'llm');
    new KubernetesProvider(stack, 'kubernetes', { host: 'https://cluster.example' });
    const namespace = new PlatformNamespace(stack, 'Llm', { name: 'llm' });
    const common = {
      namespace,
      env: { AWS_DEFAULT_REGION: 'eu-west-1' },
      gpuPool: { cloud: 'test', description: 'node pool llm', name: 'llm' },
      prometheus: { namespace: 'plinth-monitoring', url: 'http://kube-prometheus-stack-prometheus.plinth-monitoring.svc:9090' },
      maxReplicas: 2,
    };
    new VllmServer(stack, 'Vllm', { ...common, identity: identity('llm', 'vllm'), modelName: 'llama-3.1-8b-instruct', modelUri: 's3://acme-artifacts/models/llm/llama-3.1-8b-instruct/' });
    new EmbeddingServer(stack, 'Embeddings', { ...common, identity: identity('llm', 'embeddings'), modelName: 'bge-m3', modelUri: 's3://acme-artifacts/models/embeddings/bge-m3/' });
    app.synth();
    report = evaluate((await loadInput(app.outdir)).map((source) => new ResourceGraph(source)), ALL_RULES);
  });

  test('pass every Kubernetes rule but the digest pin (low: the release tag is pinned), with no finding of medium or above', () => {
    const byRule = new Map(report.stats.map((stats) => [stats.ruleId, stats]));
    const verdicts = kubernetesPack.rules.map((rule) => ({ id: rule.id, passed: byRule.get(rule.id)?.passed ?? 0, failed: byRule.get(rule.id)?.failed ?? 0 }));
    expect(verdicts.filter(({ id, passed, failed }) => id !== 'PLN-K8S-006' && (passed === 0 || failed > 0))).toEqual([]);
    expect(report.findings.filter((finding) => atLeast(finding.severity, 'medium'))).toEqual([]);
    expect(report.unknown).toEqual([]);
  });
});
