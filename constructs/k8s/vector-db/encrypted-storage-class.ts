import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import type { EncryptionKey } from '../../kit';
import { KubernetesObject } from '../kubernetes-object';
import { DNS_LABEL } from '../labels';

export interface EncryptedStorageClassProps {
  /** Name of the (cluster-wide) StorageClass. */
  readonly name: string;
  /** The environment's key: every volume of this class is encrypted with it. */
  readonly encryptionKey: EncryptionKey;
  /** EBS volume type. @default "gp3" */
  readonly volumeType?: 'gp3' | 'io2';
}

/** The EBS CSI driver's provisioner name: the `aws-ebs-csi-driver` EKS add-on must run in the cluster. */
export const EBS_CSI_PROVISIONER = 'ebs.csi.aws.com';

/**
 * A StorageClass whose EBS volumes are encrypted with the environment's key (not the account's default
 * `aws/ebs` key). Volumes are created in the zone of the pod that first claims them
 * (WaitForFirstConsumer), can grow in place, and are kept when their claim is deleted (Retain): a
 * deleted StatefulSet or namespace must not take a database's data with it.
 */
export class EncryptedStorageClass extends Construct {
  readonly name: string;
  readonly resource: KubernetesObject;

  constructor(scope: Construct, id: string, props: EncryptedStorageClassProps) {
    super(scope, id);
    const where = `EncryptedStorageClass ${this.node.path}`;
    if (!DNS_LABEL.test(props.name)) throw new Error(`${where}: name "${props.name}" must be a DNS label (lower-case letters, digits and "-", at most 63)`);
    const { keyId } = props.encryptionKey;
    // The driver wants the key's full ARN; an alias or bare id fails only when the first volume is made.
    if (!Token.isUnresolved(keyId) && !keyId.startsWith('arn:')) throw new Error(`${where}: encryptionKey.keyId must be the key's ARN (arn:aws:kms:…:key/…), got "${keyId}"`);
    this.name = props.name;
    this.resource = new KubernetesObject(
      this,
      'Resource',
      new StorageClass({
        metadata: { name: props.name, labels: { 'app.kubernetes.io/part-of': 'plinth', 'app.kubernetes.io/managed-by': 'plinth' } },
        provisioner: EBS_CSI_PROVISIONER,
        parameters: { type: props.volumeType ?? 'gp3', encrypted: 'true', kmsKeyId: keyId },
        reclaimPolicy: 'Retain',
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
      }),
    );
  }
}
