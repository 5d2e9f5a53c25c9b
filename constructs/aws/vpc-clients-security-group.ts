import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { SecurityGroupRule } from '@cdktf/provider-aws/lib/security-group-rule';
import type { Construct } from 'constructs';
import type { VpcNetwork } from './vpc-network';

export interface VpcClientsSecurityGroupProps {
  /** Security group name, also its `Name` tag. */
  readonly name: string;
  /** What listens, for the descriptions: `PostgreSQL`. */
  readonly service: string;
  /** Whose it is, for the group's description: `acme-dev-metadata`. */
  readonly owner: string;
  readonly network: VpcNetwork;
  readonly port: number;
}

/**
 * The security group of a private data service: one ingress rule, TCP `port` from the VPC's range,
 * and no egress (Terraform removes AWS's default allow-all egress rule). Its children keep the ids
 * `SecurityGroup` and `IngressFromVpc` under `scope`, so the resources' addresses name their owner.
 */
export function vpcClientsSecurityGroup(scope: Construct, props: VpcClientsSecurityGroupProps): SecurityGroup {
  const group = new SecurityGroup(scope, 'SecurityGroup', {
    name: props.name,
    description: `${props.service} ${props.owner}: clients inside the VPC only`,
    vpcId: props.network.vpc.id,
    tags: { Name: props.name },
  });
  new SecurityGroupRule(scope, 'IngressFromVpc', {
    type: 'ingress',
    description: `${props.service} from inside the VPC`,
    securityGroupId: group.id,
    protocol: 'tcp',
    fromPort: props.port,
    toPort: props.port,
    cidrBlocks: [props.network.cidr],
  });
  return group;
}
