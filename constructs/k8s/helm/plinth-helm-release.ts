import { Release } from '@cdktf/provider-helm/lib/release';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { attributeResourcesToCaller } from '../../../policies/engine/source';
import type { HelmChart } from './helm-chart';

// A policy finding on a release points at the line that asked for it (monitoring.ts, …), not here.
attributeResourcesToCaller();

export interface PlinthHelmReleaseProps<TValues extends object> {
  /** The catalogue entry (`HELM_CHARTS.kubePrometheusStack`): repository and pinned version come from it. */
  readonly chart: HelmChart<TValues>;
  /** Values of the chart's own type; whatever is not set keeps the chart's default. */
  readonly values: NoInfer<TValues>;
  /** Namespace of the release; it must exist (Plinth creates its namespaces with their policies). */
  readonly namespace: string;
  /** Release name. @default - the chart's name */
  readonly releaseName?: string;
  /**
   * Seconds Helm waits for every Deployment, StatefulSet and Job of the release to be ready before it
   * rolls the release back.
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /** What must exist before the release is installed (its namespace, its ConfigMaps). @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The one way Plinth installs a Helm chart: from the pinned catalogue, with typed values, atomically
 * (a release that does not become ready within the timeout is rolled back, so a failed apply leaves
 * the previous release running, not a half-upgraded one) and without creating namespaces behind
 * Plinth's back.
 */
export class PlinthHelmRelease<TValues extends object> extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: PlinthHelmReleaseProps<TValues>) {
    super(scope, id);
    const { chart } = props;
    this.release = new Release(this, 'Resource', {
      name: props.releaseName ?? chart.chart,
      chart: chart.chart,
      repository: chart.repository,
      version: chart.version,
      namespace: props.namespace,
      createNamespace: false,
      // lineWidth 0: a Terraform token inside a long value must not be folded across lines.
      values: [stringify(props.values, { lineWidth: 0 })],
      atomic: true,
      wait: true,
      cleanupOnFail: true,
      // Each revision is a Secret holding the whole rendered release: keep enough to roll back, not all.
      maxHistory: 10,
      timeout: props.timeoutSeconds ?? 600,
      dependsOn: props.dependsOn,
    });
  }
}
