import { Construct } from 'constructs';
import type { ArgoRolloutsValues } from './helm/argo-rollouts-values';
import { HELM_CHARTS } from './helm/catalogue';
import type { KedaValues } from './helm/keda-values';
import { PlinthHelmRelease } from './helm/plinth-helm-release';

export interface ProgressiveDeliveryProps {
  /**
   * Where the controllers run. kube-system by default: KEDA's metrics server answers the API server's
   * external-metrics calls and both controllers watch every namespace, which Plinth's default-deny
   * namespaces would cut off.
   * @default "kube-system"
   */
  readonly namespace?: string;
  /** Two controllers each (leader election) keep canaries and autoscaling going through a node drain. @default 1 */
  readonly replicas?: number;
}

/**
 * The controllers Triton's canary rollouts and queue-time autoscaling need: Argo Rollouts (Rollout,
 * AnalysisTemplate) and KEDA (ScaledObject), each with its CRDs. They go into the cluster add-ons
 * stack, applied before the workloads stack: `kubernetes_manifest` reads a custom resource's CRD when
 * Terraform plans, so the CRDs must exist by then (constructs/k8s/triton/README.md).
 */
export class ProgressiveDelivery extends Construct {
  readonly argoRollouts: PlinthHelmRelease<ArgoRolloutsValues>;
  readonly keda: PlinthHelmRelease<KedaValues>;

  constructor(scope: Construct, id: string, props: ProgressiveDeliveryProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? 'kube-system';
    const replicas = props.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`ProgressiveDelivery ${this.node.path}: replicas is ${replicas}; it must be a whole number of at least 1`);
    this.argoRollouts = new PlinthHelmRelease(this, 'ArgoRollouts', {
      chart: HELM_CHARTS.argoRollouts,
      namespace,
      values: {
        installCRDs: true,
        // Deleting the release must not delete the CRDs, and with them every Rollout (and its pods).
        keepCRDs: true,
        controller: {
          replicas,
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
          metrics: { enabled: true },
        },
        // The dashboard is an unauthenticated UI that can promote and abort rollouts.
        dashboard: { enabled: false },
      },
    });
    this.keda = new PlinthHelmRelease(this, 'Keda', {
      chart: HELM_CHARTS.keda,
      namespace,
      values: {
        crds: { install: true },
        resources: {
          operator: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '1Gi' } },
          metricServer: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '1Gi' } },
          webhooks: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
        },
      },
    });
  }
}
