import { Token } from 'cdktf';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { DNS_LABEL, selectorLabels } from './labels';

/** Where a workload reaches its PostgreSQL server. */
export interface DatabaseAddress {
  /** The network range of the server (the environment's network, e.g. `10.0.0.0/16`). */
  readonly cidr: string;
  readonly port: number;
}

/** A Plinth service of the workload's namespace, by the name its pods are labelled with. */
export interface ServiceAddress {
  readonly name: string;
  /** The port its pods listen on (a PlinthService's `port`). */
  readonly port: number;
}

export interface EgressAllows {
  /** @default - no database */
  readonly database?: DatabaseAddress;
  /**
   * Plinth services of the same namespace that the workload calls: their pods
   * (`app.kubernetes.io/name: <name>`) on their port. The callee's ingress policy lets the namespace in.
   * @default - none
   */
  readonly services?: readonly ServiceAddress[];
  /** HTTPS to anywhere, for cloud APIs (S3, STS for IRSA, Secrets Manager) whose addresses change. @default false */
  readonly cloudApis?: boolean;
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * A workload's own egress beyond the namespace's default (DNS): its database, the services of its
 * namespace it calls, and cloud APIs. Everything else stays denied, the node's metadata endpoint (169.254.169.254:80)
 * included, so a pod cannot borrow the node's cloud credentials.
 */
export function egressPolicy(name: string, namespace: string, podLabels: Record<string, string>, labels: Record<string, string>, allows: EgressAllows, where: string): NetworkPolicy | undefined {
  const rules: NonNullable<NonNullable<NetworkPolicy['spec']>['egress']> = [];
  if (allows.database) {
    const { cidr, port } = checkedDatabase(allows.database, where);
    rules.push({ to: [{ ipBlock: { cidr } }], ports: [{ protocol: 'TCP', port }] });
  }
  for (const service of allows.services ?? []) {
    const { name: callee, port } = checkedService(service, where);
    rules.push({ to: [{ podSelector: { matchLabels: selectorLabels(callee) } }], ports: [{ protocol: 'TCP', port }] });
  }
  if (allows.cloudApis) rules.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] });
  if (rules.length === 0) return undefined;
  return new NetworkPolicy({
    metadata: { name: `${name}-egress`, namespace, labels },
    spec: { podSelector: { matchLabels: podLabels }, policyTypes: ['Egress'], egress: rules },
  });
}

/**
 * NetworkPolicy ports are typed int-or-string: a port only known after apply would be emitted as a
 * string and read as a port NAME, so the port must be a number at synth.
 */
function checkedDatabase(database: DatabaseAddress, where: string): DatabaseAddress {
  const { cidr, port } = database;
  if (Token.isUnresolved(port) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${where}: database.port must be a port number known at synth (1-65535), got ${Token.isUnresolved(port) ? 'a value only known after apply' : String(port)}`);
  }
  const octets = IPV4_CIDR.exec(cidr);
  const valid = octets && octets.slice(1, 5).every((o) => Number(o) <= 255) && Number(octets[5]) <= 32;
  if (!Token.isUnresolved(cidr) && !valid) {
    throw new Error(`${where}: database.cidr must be an IPv4 range such as "10.0.0.0/16", got "${cidr}"`);
  }
  return database;
}

function checkedService(service: ServiceAddress, where: string): ServiceAddress {
  const { name, port } = service;
  if (!DNS_LABEL.test(name)) throw new Error(`${where}: services[].name "${name}" must be a service name (a DNS label: lower-case letters, digits and "-", at most 63)`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${where}: services[].port of "${name}" must be a port number (1-65535), got ${String(port)}`);
  return service;
}
