import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EbsCsiDriver } from '../../../constructs/aws/ebs-csi-driver';
import { EksCluster } from '../../../constructs/aws/eks-cluster';
import { AwsEncryptionKey } from '../../../constructs/aws/encryption-key';
import { VpcNetwork } from '../../../constructs/aws/vpc-network';
import { only, policyOf, refTo, resourcesOf, synthAwsStack } from '../../support/construct-synth';
import { offlineCliConfig, requireTerraformWithMirror, tail, terraform } from '../../support/terraform';

function platform(addonVersion?: string) {
  return synthAwsStack((s) => {
    const key = new AwsEncryptionKey(s, 'Key', { alias: 'k', region: 'eu-west-1' });
    const network = new VpcNetwork(s, 'Network', { name: 'n', region: 'eu-west-1', key });
    const cluster = new EksCluster(s, 'Cluster', { name: 'acme-dev', region: 'eu-west-1', network, key });
    const system = cluster.addNodePool('system', { instanceTypes: ['t3.large'], minSize: 1, desiredSize: 2, maxSize: 3 });
    new EbsCsiDriver(s, 'EbsCsiDriver', { cluster, key, addonVersion, dependsOn: [system.nodeGroup] });
  });
}

describe('the EBS CSI driver add-on', () => {
  const stack = platform('v1.64.0-eksbuild.1');
  const addon = only(stack, 'aws_eks_addon');
  const role = resourcesOf(stack, 'aws_iam_role').find((r) => String(r.name).includes('ebs-csi-controller-sa'))!;
  const roleRef = (attribute: string) => `\${aws_iam_role.${Object.entries(stack.resource!.aws_iam_role!).find(([, r]) => r === role)![0]}.${attribute}}`;

  it('installs aws-ebs-csi-driver at the given version on this cluster, running as its own IRSA role bound to kube-system/ebs-csi-controller-sa', () => {
    expect(addon).toMatchObject({ addon_name: 'aws-ebs-csi-driver', addon_version: 'v1.64.0-eksbuild.1', cluster_name: refTo(stack, 'aws_eks_cluster', 'name'), service_account_role_arn: roleRef('arn') });
    const trust = policyOf(role, 'assume_role_policy').Statement[0]!;
    expect(Object.values(trust.Condition.StringEquals)).toContain('system:serviceaccount:kube-system:ebs-csi-controller-sa');
    expect(addon.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_eks_node_group\./)]));
  });

  it("holds AWS's driver policy and, on the environment key only, what encrypted volumes need; grants for AWS resources only", () => {
    const attachment = resourcesOf(stack, 'aws_iam_role_policy_attachment').find((a) => a.role === roleRef('name'))!;
    expect(attachment.policy_arn).toBe(`arn:\${data.aws_partition.${Object.keys(stack.data!.aws_partition!)[0]}.partition}:iam::aws:policy/AmazonEBSCSIDriverPolicyV2`);
    const inline = resourcesOf(stack, 'aws_iam_role_policy').find((p) => p.role === roleRef('id'))!;
    const keyArn = refTo(stack, 'aws_kms_key', 'arn');
    expect(policyOf(inline).Statement).toEqual([
      { Sid: 'EncryptVolumes', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'], Resource: keyArn },
      { Sid: 'LetEc2AttachEncryptedVolumes', Effect: 'Allow', Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], Resource: keyArn, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } },
    ]);
  });

  it("without a version leaves the choice to EKS (the default for the cluster's Kubernetes version)", () => {
    expect(only(platform(), 'aws_eks_addon')).not.toHaveProperty('addon_version');
  });
});

describe('the encrypted volume class EKS hands the workloads', () => {
  it('is gp3 EBS on the driver with the environment key\'s ARN, and only after enableEncryptedVolumes', () => {
    let volumeClass: ReturnType<EksCluster['encryptedVolumeClass']> | undefined;
    let keyArn: string | undefined;
    synthAwsStack((s) => {
      const key = new AwsEncryptionKey(s, 'Key', { alias: 'k', region: 'eu-west-1' });
      const network = new VpcNetwork(s, 'Network', { name: 'n', region: 'eu-west-1', key });
      const cluster = new EksCluster(s, 'Cluster', { name: 'acme-dev', region: 'eu-west-1', network, key });
      expect(() => cluster.encryptedVolumeClass()).toThrow(/EksCluster test\/Cluster: encryptedVolumeClass\(\) needs enableEncryptedVolumes\(\) first/);
      cluster.enableEncryptedVolumes();
      volumeClass = cluster.encryptedVolumeClass();
      keyArn = key.keyId;
    });
    expect(volumeClass).toEqual({ provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: keyArn } });
  });
});

const mirror = requireTerraformWithMirror();
(mirror ? describe : describe.skip)('the EBS CSI driver add-on, against the real AWS provider schema', () => {
  jest.setTimeout(120_000);

  it('passes terraform validate', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plinth-ebs-csi-'));
    writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(platform('v1.64.0-eksbuild.1')));
    const cliConfig = offlineCliConfig(mirror!);
    const init = await terraform(dir, ['init', '-input=false', '-backend=false'], cliConfig);
    expect({ code: init.code, output: tail(init.output) }).toMatchObject({ code: 0 });
    const validate = await terraform(dir, ['validate'], cliConfig);
    expect({ code: validate.code, output: tail(validate.output) }).toMatchObject({ code: 0 });
  });
});
