/**
 * How a GCP environment's network range is shared out. Everything lives inside the one range the config names, so
 * that "the network's range" (what workloads' network policies allow, for example to reach the database) also covers
 * the pods and the private services (Cloud SQL, Memorystore) that sit in peered Google networks.
 *
 * | part                      | share of the range | `10.0.0.0/16` gives |
 * |---------------------------|--------------------|---------------------|
 * | pods (secondary range)    | first half         | `10.0.0.0/17`       |
 * | private services access   | third quarter      | `10.0.128.0/18`     |
 * | nodes (subnet's primary)  | seventh eighth     | `10.0.192.0/19`     |
 * | services (secondary)      | last eighth        | `10.0.224.0/19`     |
 *
 * Pods get the most: GKE gives each node a /24 of the pods range (110 pods), so a /16 network holds 128 nodes.
 */
export interface SubnetLayout {
  readonly pods: string;
  readonly privateServices: { readonly address: string; readonly prefixLength: number };
  readonly nodes: string;
  readonly services: string;
}

/** The prefix lengths the layout accepts: a /20 still leaves private services access a /22 (Google's minimum is /24). */
export const MIN_PREFIX = 16;
export const MAX_PREFIX = 20;

/** Lays out `cidr`; throws a message naming `where`, the value and what is valid when it is not a usable range. */
export function subnetLayout(cidr: string, where: string): SubnetLayout {
  const { address, prefix } = parseCidr(cidr, where);
  const part = (extraBits: number, index: number): { address: string; prefixLength: number } => {
    const prefixLength = prefix + extraBits;
    return { address: formatAddress(address + index * 2 ** (32 - prefixLength)), prefixLength };
  };
  const text = (range: { address: string; prefixLength: number }): string => `${range.address}/${range.prefixLength}`;
  return {
    pods: text(part(1, 0)),
    privateServices: part(2, 2),
    nodes: text(part(3, 6)),
    services: text(part(3, 7)),
  };
}

function parseCidr(cidr: string, where: string): { address: number; prefix: number } {
  const invalid = (why: string): Error =>
    new Error(`${where}: cidr "${cidr}" ${why}; expected an IPv4 range with a prefix from /${MIN_PREFIX} to /${MAX_PREFIX}, such as "10.0.0.0/16"`);
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) throw invalid('is not an IPv4 range');
  const [a, b, c, d, prefix] = match.slice(1).map(Number) as [number, number, number, number, number];
  if ([a, b, c, d].some((octet) => octet > 255)) throw invalid('has an octet above 255');
  if (prefix < MIN_PREFIX || prefix > MAX_PREFIX) {
    throw invalid(`has prefix /${prefix}: pods, nodes, services and private services access all need room in it`);
  }
  const address = a * 2 ** 24 + b * 2 ** 16 + c * 2 ** 8 + d;
  if (address % 2 ** (32 - prefix) !== 0) throw invalid(`has host bits set (the range starts at ${formatAddress(address - (address % 2 ** (32 - prefix)))})`);
  return { address, prefix };
}

function formatAddress(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}
