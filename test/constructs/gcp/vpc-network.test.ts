import { ProjectServices } from '../../../constructs/gcp/project-services';
import { subnetLayout } from '../../../constructs/gcp/subnet-layout';
import { GcpNetwork, type GcpNetworkProps } from '../../../constructs/gcp/vpc-network';
import { only, refTo, resourcesOf, synthGcpStack } from '../../support/construct-synth';

function network(props: Partial<GcpNetworkProps> = {}) {
  return synthGcpStack((s) => {
    const services = new ProjectServices(s, 'Services', { project: 'acme-ml-dev' });
    new GcpNetwork(s, 'Network', { project: 'acme-ml-dev', name: 'acme-dev', region: 'europe-west4', services, cidr: '10.0.0.0/16', flowLogRetentionDays: 90, ...props });
  });
}

function build(props: Partial<GcpNetworkProps>): () => void {
  return () => network(props);
}

/** Whether IPv4 range `inner` lies inside range `outer`. */
function within(inner: string, outer: string): boolean {
  const parse = (cidr: string) => {
    const [ip, prefix] = cidr.split('/');
    const address = ip!.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
    return { start: address, end: address + 2 ** (32 - Number(prefix)) - 1 };
  };
  const a = parse(inner);
  const b = parse(outer);
  return a.start >= b.start && a.end <= b.end;
}

describe('GcpNetwork', () => {
  const stack = network();
  const subnet = only(stack, 'google_compute_subnetwork');
  const firewalls = resourcesOf(stack, 'google_compute_firewall');

  it('is a custom-mode VPC with regional routing that keeps the default route Cloud NAT needs', () => {
    const vpc = only(stack, 'google_compute_network');
    expect(vpc.auto_create_subnetworks).toBe(false);
    expect(vpc.routing_mode).toBe('REGIONAL');
    expect(vpc.delete_default_routes_on_create).toBe(false);
    expect(vpc.depends_on[0]).toMatch(/^google_project_service\.Services_compute/);
  });

  it('has one regional subnet with Private Google Access and sampled flow logs with all metadata', () => {
    expect(subnet.region).toBe('europe-west4');
    expect(subnet.network).toBe(refTo(stack, 'google_compute_network', 'id'));
    expect(subnet.private_ip_google_access).toBe(true);
    expect(subnet.log_config).toEqual({ aggregation_interval: 'INTERVAL_5_SEC', flow_sampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' });
  });

  it('lays pods, nodes, services and private services access out inside the one range, without overlaps', () => {
    expect(subnet.ip_cidr_range).toBe('10.0.192.0/19');
    expect(subnet.secondary_ip_range).toEqual([
      { range_name: 'acme-dev-pods', ip_cidr_range: '10.0.0.0/17' },
      { range_name: 'acme-dev-services', ip_cidr_range: '10.0.224.0/19' },
    ]);
    const peering = only(stack, 'google_compute_global_address');
    expect([peering.address, peering.prefix_length]).toEqual(['10.0.128.0', 18]);
    for (const cidr of ['10.0.16.0/20', '172.16.0.0/20', '192.168.240.0/20']) {
      const layout = subnetLayout(cidr, 'test');
      const parts = [layout.pods, layout.nodes, layout.services, `${layout.privateServices.address}/${layout.privateServices.prefixLength}`];
      expect(parts.every((part) => within(part, cidr))).toBe(true);
      parts.forEach((a, i) => parts.forEach((b, j) => i !== j && expect(within(a, b)).toBe(false)));
    }
    expect(subnetLayout('10.0.16.0/20', 'test').privateServices.prefixLength).toBe(22);
  });

  it('keeps flow logs for flowLogRetentionDays in a log bucket of their own, fed by a sink for this subnet only', () => {
    const bucket = only(stack, 'google_logging_project_bucket_config');
    expect(bucket.retention_days).toBe(90);
    const sink = only(stack, 'google_logging_project_sink');
    expect(sink.destination).toBe(`logging.googleapis.com/${refTo(stack, 'google_logging_project_bucket_config', 'id')}`);
    expect(sink.filter).toContain('log_id("compute.googleapis.com/vpc_flows")');
    expect(sink.filter).toContain('subnetwork_name="acme-dev-europe-west4"');
  });

  it('sends egress through Cloud NAT with automatic addresses for every range, logging errors, endpoint-independent mapping off', () => {
    const nat = only(stack, 'google_compute_router_nat');
    expect(nat.router).toBe(refTo(stack, 'google_compute_router', 'name'));
    expect(nat.nat_ip_allocate_option).toBe('AUTO_ONLY');
    expect(nat.source_subnetwork_ip_ranges_to_nat).toBe('ALL_SUBNETWORKS_ALL_IP_RANGES');
    expect(nat.log_config).toEqual({ enable: true, filter: 'ERRORS_ONLY' });
    expect(nat.enable_endpoint_independent_mapping).toBe(false);
    expect(only(stack, 'google_compute_router').region).toBe('europe-west4');
  });

  it('peers private services access with Service Networking over the reserved range, for Cloud SQL and Memorystore', () => {
    const peering = only(stack, 'google_compute_global_address');
    expect(peering.purpose).toBe('VPC_PEERING');
    expect(peering.address_type).toBe('INTERNAL');
    const connection = only(stack, 'google_service_networking_connection');
    expect(connection.service).toBe('servicenetworking.googleapis.com');
    expect(connection.reserved_peering_ranges).toEqual([refTo(stack, 'google_compute_global_address', 'name')]);
    expect(connection.depends_on[0]).toMatch(/^google_project_service\.Services_servicenetworking/);
    const apis = resourcesOf(stack, 'google_project_service').map((s) => s.service);
    expect(apis).toEqual(expect.arrayContaining(['compute.googleapis.com', 'servicenetworking.googleapis.com', 'logging.googleapis.com']));
  });

  it('allows no ingress from 0.0.0.0/0: only the subnet ranges and Google health checks, then a logged deny-all', () => {
    const allows = firewalls.filter((f) => f.allow);
    expect(allows.every((f) => !f.source_ranges.includes('0.0.0.0/0'))).toBe(true);
    expect(firewalls.every((f) => f.direction === 'INGRESS' && f.network === refTo(stack, 'google_compute_network', 'id'))).toBe(true);
    const internal = firewalls.find((f) => f.name === 'acme-dev-allow-internal')!;
    expect(internal.source_ranges).toEqual(['10.0.192.0/19', '10.0.0.0/17']);
    const health = firewalls.find((f) => f.name === 'acme-dev-allow-health-checks')!;
    expect(health.source_ranges).toEqual(['35.191.0.0/16', '130.211.0.0/22']);
    expect(health.allow).toEqual([{ protocol: 'tcp' }]);
    const deny = firewalls.find((f) => f.deny)!;
    expect(deny.deny).toEqual([{ protocol: 'all' }]);
    expect(deny.priority).toBeGreaterThan(Math.max(...allows.map((f) => f.priority)));
    expect(deny.log_config).toEqual({ metadata: 'EXCLUDE_ALL_METADATA' });
    expect(firewalls).toHaveLength(3);
  });

  it('refuses a range it cannot lay out, naming the construct, the value and what is valid', () => {
    expect(build({ cidr: '10.0.0.0/24' })).toThrow('GcpNetwork test/Network: cidr "10.0.0.0/24" has prefix /24: pods, nodes, services and private services access all need room in it; expected an IPv4 range with a prefix from /16 to /20, such as "10.0.0.0/16"');
    expect(build({ cidr: '10.0.0.0/12' })).toThrow('has prefix /12');
    expect(build({ cidr: '10.0.1.0/16' })).toThrow('cidr "10.0.1.0/16" has host bits set (the range starts at 10.0.0.0)');
    expect(build({ cidr: '10.0.300.0/16' })).toThrow('has an octet above 255');
    expect(build({ cidr: 'ten/16' })).toThrow('cidr "ten/16" is not an IPv4 range');
  });

  it('refuses a flow log retention Cloud Logging cannot keep', () => {
    expect(build({ flowLogRetentionDays: 0 })).toThrow('GcpNetwork test/Network: flowLogRetentionDays must be a whole number of days from 1 to 3650');
    expect(build({ flowLogRetentionDays: 4000 })).toThrow('got 4000');
  });
});
