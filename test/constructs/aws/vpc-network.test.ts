import { AwsEncryptionKey } from '../../../constructs/aws/encryption-key';
import { VpcNetwork, type VpcNetworkProps } from '../../../constructs/aws/vpc-network';
import { only, refTo, resourcesOf, synthAwsStack } from '../../support/construct-synth';

function network(props: Partial<VpcNetworkProps> = {}) {
  return synthAwsStack((s) => {
    const key = new AwsEncryptionKey(s, 'Key', { alias: 'k', region: 'eu-west-1' });
    new VpcNetwork(s, 'Network', { name: 'acme-dev', region: 'eu-west-1', key, ...props });
  });
}

describe('VpcNetwork', () => {
  const stack = network();
  const subnets = resourcesOf(stack, 'aws_subnet');
  const privateSubnets = subnets.filter((s) => s.tags.Name.includes('private'));
  const publicSubnets = subnets.filter((s) => s.tags.Name.includes('public'));

  it('puts private subnets in two different availability zones by default', () => {
    expect(privateSubnets).toHaveLength(2);
    const zones = privateSubnets.map((s) => s.availability_zone);
    expect(new Set(zones).size).toBe(2);
    expect(zones[0]).toMatch(/element\(data\.aws_availability_zones\..*\.names, 0\)/);
  });

  it('gives no instance a public address, even in the NAT subnets', () => {
    expect(subnets.every((s) => s.map_public_ip_on_launch !== true)).toBe(true);
    expect(publicSubnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
  });

  it('routes private subnets to the internet only through NAT, with one NAT gateway outside HA', () => {
    expect(resourcesOf(stack, 'aws_nat_gateway')).toHaveLength(1);
    const routes = resourcesOf(stack, 'aws_route');
    const privateDefault = routes.filter((r) => r.nat_gateway_id);
    expect(privateDefault).toHaveLength(1);
    expect(routes.filter((r) => r.gateway_id)).toHaveLength(1);
  });

  it('runs one NAT gateway per zone when asked for HA', () => {
    const ha = network({ natPerZone: true, zoneCount: 3 });
    expect(resourcesOf(ha, 'aws_nat_gateway')).toHaveLength(3);
    expect(resourcesOf(ha, 'aws_route').filter((r) => r.nat_gateway_id)).toHaveLength(3);
    expect(resourcesOf(ha, 'aws_subnet')).toHaveLength(6);
  });

  it('logs every flow to a KMS-encrypted log group through a role that can only write there', () => {
    const flowLog = only(stack, 'aws_flow_log');
    expect(flowLog.traffic_type).toBe('ALL');
    expect(flowLog.log_destination).toBe(refTo(stack, 'aws_cloudwatch_log_group', 'arn'));
    expect(only(stack, 'aws_cloudwatch_log_group').kms_key_id).toBe(refTo(stack, 'aws_kms_key', 'arn'));
    const policy = JSON.parse(only(stack, 'aws_iam_role_policy').policy);
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0].Resource).not.toContain('*');
    const trust = JSON.parse(only(stack, 'aws_iam_role').assume_role_policy);
    expect(trust.Statement[0].Condition.StringEquals['aws:SourceAccount']).toMatch(/aws_caller_identity/);
  });

  it('locks down the default security group (no rules at all)', () => {
    const group = only(stack, 'aws_default_security_group');
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
  });

  it('refuses a single-zone network', () => {
    expect(() => network({ zoneCount: 1 })).toThrow(/zoneCount must be 2 or 3/);
  });
});
