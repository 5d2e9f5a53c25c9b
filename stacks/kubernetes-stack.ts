import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { ClusterAccess } from '../constructs/kit';

export interface KubernetesStackProps {
  /**
   * The cluster built by the foundation stack. Its attributes are tokens of that stack, so cdktf
   * turns them into outputs there and remote-state reads here.
   */
  readonly cluster: ClusterAccess;
  /** Builds this stack's part of the blueprint's Kubernetes layer (its cluster add-ons or its workloads). */
  readonly build: (scope: Construct) => void;
}

/**
 * Kubernetes and Helm resources of one environment: its workloads, and before them (when the
 * blueprint has any) its cluster add-ons. Separate from the foundation because those providers
 * cannot be configured from a cluster created in the same apply (terraform-provider-helm#400); add-ons
 * separate from workloads because `kubernetes_manifest` reads a custom resource's CRD when planning.
 */
export class KubernetesStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: KubernetesStackProps) {
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
