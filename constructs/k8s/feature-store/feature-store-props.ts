import { Token } from 'cdktf';
import { DNS_LABEL } from '../labels';
import type { FeatureStoreProps } from './feature-store';

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
/** Five cron fields (Kubernetes' CronJob syntax), or a macro such as `@hourly`. */
const CRON = /^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\S+\s+){4}\S+)$/;

/** Range and cross-prop checks, every problem at once, each naming its prop. */
export function checkFeatureStoreProps(props: FeatureStoreProps, resolved: { name: string; replicas: number }, where: string): void {
  const { name, replicas } = resolved;
  const problems: string[] = [];
  // `<name>-materialize` names the CronJob, whose Jobs get 11 more characters and must stay a DNS label.
  if (!DNS_LABEL.test(name) || name.length > 40) problems.push(`name "${name}" must be a DNS label of at most 40 characters (lower-case letters, digits and "-")`);
  if (!Number.isInteger(replicas) || replicas < 0) problems.push(`replicas must be a whole number, 0 or more, got ${replicas}`);
  const schedule = props.materializeSchedule;
  if (schedule !== undefined && !CRON.test(schedule.trim())) problems.push(`materializeSchedule "${schedule}" must be five cron fields ("7 * * * *") or a macro such as "@hourly"`);
  const timeout = props.materializeTimeoutSeconds;
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 60)) problems.push(`materializeTimeoutSeconds must be a whole number of seconds, at least 60, got ${timeout}`);
  const { port } = props.store.cache;
  // A NetworkPolicy port only known after apply would be read as a port name.
  if (Token.isUnresolved(port)) problems.push('store.cache.port must be a number known at synth (the cache handle\'s port), got a value only known after apply');
  const cidr = props.cacheNetworkCidr;
  const octets = IPV4_CIDR.exec(cidr);
  if (!Token.isUnresolved(cidr) && !(octets && octets.slice(1, 5).every((o) => Number(o) <= 255) && Number(octets[5]) <= 32)) {
    problems.push(`cacheNetworkCidr must be an IPv4 range such as "10.0.0.0/16", got "${cidr}"`);
  }
  const nodePorts = props.cacheNodePorts;
  if (nodePorts && !(Number.isInteger(nodePorts.from) && Number.isInteger(nodePorts.to) && nodePorts.from >= 1 && nodePorts.from <= nodePorts.to && nodePorts.to <= 65535)) {
    problems.push(`cacheNodePorts must be a range of ports known at synth, 1 <= from <= to <= 65535, got ${nodePorts.from}-${nodePorts.to}`);
  }
  for (const ns of props.clientNamespaces ?? []) if (!DNS_LABEL.test(ns)) problems.push(`clientNamespaces: "${ns}" is not a namespace name`);
  if (problems.length > 0) throw new Error(`${where}:\n  ${problems.join('\n  ')}`);
}
