import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { ClusterAccess } from '../constructs/kit';
import { PlatformNamespace } from '../constructs/k8s/platform-namespace';

export interface WorkloadsStackProps {
  /**
   * The cluster built by the foundation stack. Its attributes are tokens of that stack, so cdktf
   * turns them into outputs there and remote-state reads here.
   */
  readonly cluster: ClusterAccess;
  readonly platform: string;
  readonly environment: string;
  /** Namespace of Plinth's services. @default "plinth" */
  readonly namespace?: string;
}

/**
 * Kubernetes and Helm resources of one environment. A separate stack because those providers
 * cannot be configured from a cluster created in the same apply (terraform-provider-helm#400).
 */
export class WorkloadsStack extends TerraformStack {
  readonly namespace: PlatformNamespace;

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

    this.namespace = new PlatformNamespace(this, 'Namespace', {
      name: props.namespace ?? 'plinth',
      labels: { 'plinth.dev/platform': props.platform, 'plinth.dev/environment': props.environment },
    });
  }
}
