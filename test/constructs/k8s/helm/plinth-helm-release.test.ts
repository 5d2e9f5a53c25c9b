import { HELM_CHARTS } from '../../../../constructs/k8s/helm/catalogue';
import { PlinthHelmRelease } from '../../../../constructs/k8s/helm/plinth-helm-release';
import { MetricsServer } from '../../../../constructs/k8s/monitoring/metrics-server';
import { helmReleases, synthK8sStack } from './synth-k8s';

describe('PlinthHelmRelease', () => {
  const stack = synthK8sStack((s) => {
    new PlinthHelmRelease(s, 'Metrics', {
      chart: HELM_CHARTS.metricsServer,
      namespace: 'kube-system',
      values: { replicas: 2, resources: { requests: { cpu: '100m' } } },
    });
  });
  const release = helmReleases(stack)['metrics-server']!;

  it('installs the catalogue’s chart at its pinned version from its repository', () => {
    expect(release).toMatchObject({ chart: 'metrics-server', version: '3.13.1', repository: 'https://kubernetes-sigs.github.io/metrics-server', namespace: 'kube-system' });
  });

  it('is atomic: waits for readiness, rolls back on failure or timeout, keeps 10 revisions and creates no namespace', () => {
    expect(release).toMatchObject({ atomic: true, wait: true, cleanup_on_fail: true, timeout: 600, max_history: 10, create_namespace: false });
  });

  it('passes the typed values as YAML', () => {
    expect(release.parsedValues).toEqual({ replicas: 2, resources: { requests: { cpu: '100m' } } });
  });

  it('accepts only the values type of its chart', () => {
    synthK8sStack((s) => {
      new PlinthHelmRelease(s, 'Wrong', {
        chart: HELM_CHARTS.metricsServer,
        namespace: 'kube-system',
        // @ts-expect-error: a kube-prometheus-stack value is not a metrics-server value
        values: { grafana: { enabled: false } },
      });
    });
  });
});

describe('MetricsServer', () => {
  const releaseOf = (replicas?: number) => helmReleases(synthK8sStack((s) => void new MetricsServer(s, 'MetricsServer', replicas === undefined ? {} : { replicas })))['metrics-server']!;

  it('runs one replica in kube-system with a memory limit by default', () => {
    const release = releaseOf();
    expect(release.namespace).toBe('kube-system');
    expect(release.parsedValues).toMatchObject({ replicas: 1, resources: { limits: { memory: '400Mi' } }, podDisruptionBudget: { enabled: false } });
  });

  it('keeps one replica up through a node drain when it has several', () => {
    expect(releaseOf(2).parsedValues).toMatchObject({ replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } });
  });

  it('refuses a replica count that is not a whole number of at least 1', () => {
    expect(() => releaseOf(0)).toThrow('MetricsServer workloads/MetricsServer: replicas is 0; it must be a whole number of at least 1');
  });
});
