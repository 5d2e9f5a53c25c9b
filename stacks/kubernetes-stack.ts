import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { ClusterAccess } from '../constructs/kit';

export interface WorkloadsStackProps {
  /**
   * The cluster built by the foundation stack. Its attributes are tokens of that stack, so cdktf
   * turns them into outputs there and remote-state reads here.
   */
  readonly cluster: ClusterAccess;
  /** Builds the blueprint's Kubernetes layer into this stack (FoundationStack.buildWorkloads). */
  readonly build: (scope: Construct) => void;
}

/**
 * Kubernetes and Helm resources of one environment. A separate stack because those providers
 * cannot be configured from a cluster created in the same apply (terraform-provider-helm#400).
 */
export class WorkloadsStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: WorkloadsStackProps) {
    super(scope, id);
    const { cluster } = props;
    const connection = {
      host: cluster.host,
      clusterCaCertificate: Fn.base64decode(cluster.caCertificateBase64),
    };
    const exec = { apiVersion: cluster.exec.apiVersion, command: cluster.exec.command, args: [...cluster.exec.args] };
    new KubernetesProvider(this, 'kubernetes', { ...connection, exec: [exec] });
    new HelmProvider(this, 'helm', { kubernetes: { ...connection, exec } });

    props.build(this);
  }
}
