import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { AwsAccount } from './account';
import type { AwsEncryptionKey } from './encryption-key';
import { encryptedLogGroup } from './log-group';
import { policyDocument, serviceTrustPolicy } from './policy-document';

export interface VpcNetworkProps {
  /** Name prefix for the VPC and its parts. */
  readonly name: string;
  readonly region: string;
  /** Key that encrypts the flow log group. */
  readonly key: AwsEncryptionKey;
  /** @default "10.0.0.0/16" */
  readonly cidr?: string;
  /**
   * Availability zones with a private and a public subnet each (2 or 3).
   * @default 2
   */
  readonly zoneCount?: number;
  /**
   * One NAT gateway per zone, so egress survives a zone failure. Otherwise one NAT gateway serves
   * every zone, which costs a third as much.
   * @default false
   */
  readonly natPerZone?: boolean;
  /** @default 90 */
  readonly flowLogRetentionDays?: number;
}

/**
 * A VPC whose workloads live in private subnets across zones. Public subnets exist only to hold
 * NAT gateways (no instance gets a public address), the default security group allows nothing,
 * S3 traffic stays on AWS's network through a gateway endpoint, and every flow is logged to an
 * encrypted log group.
 */
export class VpcNetwork extends Construct {
  readonly vpc: Vpc;
  readonly networkId: string;
  readonly cidr: string;
  readonly zoneCount: number;
  readonly privateSubnets: Subnet[] = [];
  readonly publicSubnets: Subnet[] = [];

  constructor(scope: Construct, id: string, props: VpcNetworkProps) {
    super(scope, id);
    this.cidr = props.cidr ?? '10.0.0.0/16';
    this.zoneCount = props.zoneCount ?? 2;
    if (this.zoneCount < 2 || this.zoneCount > 3) {
      throw new Error(`VpcNetwork ${this.node.path}: zoneCount must be 2 or 3 (private subnets span at least two zones), got ${this.zoneCount}`);
    }

    this.vpc = new Vpc(this, 'Resource', {
      cidrBlock: this.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.name },
    });
    this.networkId = this.vpc.id;
    new DefaultSecurityGroup(this, 'DefaultSecurityGroup', { vpcId: this.vpc.id, tags: { Name: `${props.name}-default-deny` } });

    const zones = new DataAwsAvailabilityZones(this, 'Zones', { state: 'available' });
    // Private subnets take the first three quarters of the range; public (NAT-only) subnets are
    // small slices of the last quarter.
    for (let i = 0; i < this.zoneCount; i++) {
      const zone = Fn.element(zones.names, i);
      this.privateSubnets.push(
        new Subnet(this, `PrivateSubnet${i + 1}`, {
          vpcId: this.vpc.id,
          availabilityZone: zone,
          cidrBlock: Fn.cidrsubnet(this.cidr, 2, i),
          tags: { Name: `${props.name}-private-${i + 1}`, 'kubernetes.io/role/internal-elb': '1' },
        }),
      );
      this.publicSubnets.push(
        new Subnet(this, `PublicSubnet${i + 1}`, {
          vpcId: this.vpc.id,
          availabilityZone: zone,
          cidrBlock: Fn.cidrsubnet(Fn.cidrsubnet(this.cidr, 2, 3), 4, i),
          mapPublicIpOnLaunch: false,
          tags: { Name: `${props.name}-public-nat-${i + 1}` },
        }),
      );
    }

    const internetGateway = new InternetGateway(this, 'InternetGateway', { vpcId: this.vpc.id, tags: { Name: props.name } });
    const publicRoutes = new RouteTable(this, 'PublicRouteTable', { vpcId: this.vpc.id, tags: { Name: `${props.name}-public` } });
    new Route(this, 'PublicDefaultRoute', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: internetGateway.id });
    this.publicSubnets.forEach((subnet, i) => {
      new RouteTableAssociation(this, `PublicSubnet${i + 1}Routes`, { subnetId: subnet.id, routeTableId: publicRoutes.id });
    });

    const natCount = props.natPerZone ? this.zoneCount : 1;
    const privateRouteTables: RouteTable[] = [];
    for (let i = 0; i < natCount; i++) {
      const address = new Eip(this, `NatAddress${i + 1}`, { domain: 'vpc', tags: { Name: `${props.name}-nat-${i + 1}` } });
      const nat = new NatGateway(this, `NatGateway${i + 1}`, {
        allocationId: address.allocationId,
        subnetId: this.publicSubnets[i]!.id,
        tags: { Name: `${props.name}-${i + 1}` },
        dependsOn: [internetGateway],
      });
      const routes = new RouteTable(this, `PrivateRouteTable${i + 1}`, { vpcId: this.vpc.id, tags: { Name: `${props.name}-private-${i + 1}` } });
      new Route(this, `PrivateDefaultRoute${i + 1}`, { routeTableId: routes.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
      privateRouteTables.push(routes);
    }
    this.privateSubnets.forEach((subnet, i) => {
      const routes = privateRouteTables[natCount === 1 ? 0 : i]!;
      new RouteTableAssociation(this, `PrivateSubnet${i + 1}Routes`, { subnetId: subnet.id, routeTableId: routes.id });
    });

    new VpcEndpoint(this, 'S3Endpoint', {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: privateRouteTables.map((table) => table.id),
      tags: { Name: `${props.name}-s3` },
    });

    this.addFlowLogs(props);
  }

  private addFlowLogs(props: VpcNetworkProps): void {
    const account = AwsAccount.of(this);
    const logGroup = encryptedLogGroup(this, 'FlowLogGroup', {
      name: `/plinth/${props.name}/vpc-flow-logs`,
      key: props.key,
      retentionDays: props.flowLogRetentionDays,
    });
    const role = new IamRole(this, 'FlowLogRole', {
      name: `${props.name}-vpc-flow-logs`,
      assumeRolePolicy: serviceTrustPolicy('vpc-flow-logs.amazonaws.com', { sourceAccount: account.accountId }),
    });
    new IamRolePolicy(this, 'FlowLogRolePolicy', {
      role: role.id,
      name: 'write-flow-logs',
      policy: policyDocument({
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: [logGroup.arn, `${logGroup.arn}:*`],
      }),
    });
    new FlowLog(this, 'FlowLog', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: `${props.name}-flow-logs` },
    });
  }
}
