import { Construct } from 'constructs';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import type { EncryptedVolumeClass } from '../../kit';
import { KubernetesObject } from '../kubernetes-object';
import { DNS_LABEL } from '../labels';

export interface EncryptedStorageClassProps {
  /** Name of the (cluster-wide) StorageClass. */
  readonly name: string;
  /**
   * The cloud's driver and parameters for volumes encrypted with the environment's key:
   * `cluster.encryptedVolumeClass()` (EBS on EKS, Persistent Disk on GKE), after `enableEncryptedVolumes()`.
   */
  readonly volumeClass: EncryptedVolumeClass;
}

/**
 * A StorageClass whose volumes are encrypted with the environment's key (not the cloud's default key),
 * through the cluster's block-storage driver. Volumes are created in the zone of the pod that first
 * claims them (WaitForFirstConsumer), can grow in place, and are kept when their claim is deleted
 * (Retain): a deleted StatefulSet or namespace must not take a database's data with it.
 */
export class EncryptedStorageClass extends Construct {
  readonly name: string;
  readonly resource: KubernetesObject;

  constructor(scope: Construct, id: string, props: EncryptedStorageClassProps) {
    super(scope, id);
    const where = `EncryptedStorageClass ${this.node.path}`;
    if (!DNS_LABEL.test(props.name)) throw new Error(`${where}: name "${props.name}" must be a DNS label (lower-case letters, digits and "-", at most 63)`);
    this.name = props.name;
    this.resource = new KubernetesObject(
      this,
      'Resource',
      new StorageClass({
        metadata: { name: props.name, labels: { 'app.kubernetes.io/part-of': 'plinth', 'app.kubernetes.io/managed-by': 'plinth' } },
        provisioner: props.volumeClass.provisioner,
        parameters: { ...props.volumeClass.parameters },
        reclaimPolicy: 'Retain',
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
      }),
    );
  }
}
