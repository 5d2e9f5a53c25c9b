import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { LoggingProjectBucketConfig } from '@cdktf/provider-google/lib/logging-project-bucket-config';
import { LoggingProjectSink } from '@cdktf/provider-google/lib/logging-project-sink';
import { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { NetworkFirewall } from './network-firewall';
import type { ProjectServices } from './project-services';
import { subnetLayout, type SubnetLayout } from './subnet-layout';

export interface GcpNetworkProps {
  readonly project: string;
  /** `<platform>-<environment>`: names the network and what belongs to it. */
  readonly name: string;
  readonly region: string;
  readonly services: ProjectServices;
  /**
   * The environment's whole IPv4 range (/16 to /20): nodes, pods, services and private services access are carved
   * out of it as constructs/gcp/subnet-layout.ts describes.
   */
  readonly cidr: string;
  /** Days the subnet's flow logs are kept, in a log bucket of their own (1-3650). */
  readonly flowLogRetentionDays: number;
}

/** A custom-mode VPC with one regional subnet (secondary ranges for pods and services), Private Google Access, flow logs, Cloud NAT and private services access. */
export class GcpNetwork extends Construct {
  readonly network: ComputeNetwork;
  readonly subnetwork: ComputeSubnetwork;
  /** Where each part of the environment's range went. */
  readonly layout: SubnetLayout;
  /** The VPC's id (`projects/<p>/global/networks/<name>`, a Terraform reference). */
  readonly networkId: string;
  /** The regional subnet's id, where nodes get their addresses. */
  readonly subnetworkId: string;
  /** Names of the subnet's secondary ranges for GKE's VPC-native pods and services. */
  readonly podsRangeName: string;
  readonly servicesRangeName: string;
  /** The peering of private services access (Cloud SQL, Memorystore): resources with private IPs depend on it. */
  readonly privateServicesAccess: ITerraformDependable;
  /** The address range reserved for private services access (its name), for Memorystore's reserved_ip_range. */
  readonly privateServicesRangeName: string;

  constructor(scope: Construct, id: string, readonly props: GcpNetworkProps) {
    super(scope, id);
    this.layout = subnetLayout(props.cidr, `GcpNetwork ${this.node.path}`);
    if (!Number.isInteger(props.flowLogRetentionDays) || props.flowLogRetentionDays < 1 || props.flowLogRetentionDays > 3650) {
      throw new Error(`GcpNetwork ${this.node.path}: flowLogRetentionDays must be a whole number of days from 1 to 3650 (Cloud Logging's limits), got ${props.flowLogRetentionDays}`);
    }
    const compute = props.services.enable('compute.googleapis.com');

    this.network = new ComputeNetwork(this, 'Resource', {
      project: props.project,
      name: props.name,
      // Custom mode: no auto subnet in every region, only the ranges laid out here.
      autoCreateSubnetworks: false,
      routingMode: 'REGIONAL',
      // The default internet route is what Cloud NAT sends egress through; instances have no external addresses.
      deleteDefaultRoutesOnCreate: false,
      dependsOn: [compute],
    });
    this.networkId = this.network.id;

    this.podsRangeName = `${props.name}-pods`;
    this.servicesRangeName = `${props.name}-services`;
    this.subnetwork = new ComputeSubnetwork(this, 'Subnet', {
      project: props.project,
      name: `${props.name}-${props.region}`,
      region: props.region,
      network: this.network.id,
      ipCidrRange: this.layout.nodes,
      secondaryIpRange: [
        { rangeName: this.podsRangeName, ipCidrRange: this.layout.pods },
        { rangeName: this.servicesRangeName, ipCidrRange: this.layout.services },
      ],
      // Nodes without external addresses reach Google APIs (Artifact Registry, GCS, Cloud SQL Admin) privately.
      privateIpGoogleAccess: true,
      logConfig: {
        aggregationInterval: 'INTERVAL_5_SEC',
        // Half of the flows: enough to investigate traffic, at half the logging cost of all.
        flowSampling: 0.5,
        metadata: 'INCLUDE_ALL_METADATA',
      },
    });
    this.subnetworkId = this.subnetwork.id;

    this.addFlowLogBucket(props);
    this.addNat(props);
    new NetworkFirewall(this, 'Firewall', {
      project: props.project,
      name: props.name,
      network: this.network.id,
      internalRanges: [this.layout.nodes, this.layout.pods],
    });

    const peeringRange = new ComputeGlobalAddress(this, 'PrivateServicesRange', {
      project: props.project,
      name: `${props.name}-private-services`,
      purpose: 'VPC_PEERING',
      addressType: 'INTERNAL',
      address: this.layout.privateServices.address,
      prefixLength: this.layout.privateServices.prefixLength,
      network: this.network.id,
    });
    this.privateServicesRangeName = peeringRange.name;
    this.privateServicesAccess = new ServiceNetworkingConnection(this, 'PrivateServicesAccess', {
      network: this.network.id,
      service: 'servicenetworking.googleapis.com',
      reservedPeeringRanges: [peeringRange.name],
      dependsOn: [props.services.enable('servicenetworking.googleapis.com')],
    });
  }

  /**
   * Flow logs land in Cloud Logging, where retention belongs to a log bucket, not to the subnet: a bucket of their own
   * keeps them `flowLogRetentionDays` without changing the project's _Default bucket, which other stacks share. The
   * _Default bucket still receives a copy for its own 30 days; excluding it there would change a project-wide sink.
   */
  private addFlowLogBucket(props: GcpNetworkProps): void {
    const logging = props.services.enable('logging.googleapis.com');
    const bucket = new LoggingProjectBucketConfig(this, 'FlowLogBucket', {
      project: props.project,
      location: 'global',
      bucketId: `${props.name}-vpc-flow-logs`,
      retentionDays: props.flowLogRetentionDays,
      description: `VPC flow logs of ${props.name}`,
      dependsOn: [logging],
    });
    new LoggingProjectSink(this, 'FlowLogSink', {
      project: props.project,
      name: `${props.name}-vpc-flow-logs`,
      destination: `logging.googleapis.com/${bucket.id}`,
      filter: `log_id("compute.googleapis.com/vpc_flows") AND resource.labels.subnetwork_name="${props.name}-${props.region}"`,
      // A sink into a log bucket of the same project needs no grant to its writer identity.
      uniqueWriterIdentity: true,
    });
  }

  /** Egress to the internet (image pulls from outside Google, webhooks) through Cloud NAT: nodes have no external address. */
  private addNat(props: GcpNetworkProps): void {
    const router = new ComputeRouter(this, 'Router', { project: props.project, name: `${props.name}-nat`, region: props.region, network: this.network.id });
    new ComputeRouterNat(this, 'Nat', {
      project: props.project,
      name: props.name,
      region: props.region,
      router: router.name,
      natIpAllocateOption: 'AUTO_ONLY',
      // Pods (secondary range) leave through NAT too: VPC-native pods keep their own addresses.
      sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
      // Endpoint-independent mapping lets any host reuse a mapping once opened; off, a mapping answers only its peer.
      enableEndpointIndependentMapping: false,
      logConfig: { enable: true, filter: 'ERRORS_ONLY' },
    });
  }
}
