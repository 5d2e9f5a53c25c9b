import { Construct } from 'constructs';
import { HELM_CHARTS } from '../helm/catalogue';
import type { MetricsServerValues } from '../helm/metrics-server-values';
import { PlinthHelmRelease } from '../helm/plinth-helm-release';

export interface MetricsServerProps {
  /** Two or more keep autoscaling working while a node drains (with a disruption budget). @default 1 */
  readonly replicas?: number;
}

/**
 * metrics-server in kube-system: the resource metrics API (`kubectl top`, HorizontalPodAutoscalers
 * on CPU and memory). For clusters that do not come with one (EKS); GKE runs its own.
 */
export class MetricsServer extends Construct {
  readonly release: PlinthHelmRelease<MetricsServerValues>;

  constructor(scope: Construct, id: string, props: MetricsServerProps = {}) {
    super(scope, id);
    const replicas = props.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`MetricsServer ${this.node.path}: replicas is ${replicas}; it must be a whole number of at least 1`);
    this.release = new PlinthHelmRelease(this, 'Release', {
      chart: HELM_CHARTS.metricsServer,
      namespace: 'kube-system',
      values: {
        replicas,
        resources: { requests: { cpu: '100m', memory: '200Mi' }, limits: { memory: '400Mi' } },
        podDisruptionBudget: replicas > 1 ? { enabled: true, minAvailable: 1 } : { enabled: false },
      },
    });
  }
}
