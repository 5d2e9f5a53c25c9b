import type { Attributes, Resource } from '../../../engine/model';
import { fail, notApplicable, pass, resourceRule, unknown, type ResourceRule, type Severity, type Verdict } from '../../../engine/rule';
import { asBlocks, asNumber, isPresent, isTrue, isUnresolved } from '../../../engine/values';

/**
 * Ingress rules live in three places: `ingress` blocks of `aws_security_group`,
 * `aws_security_group_rule` with `type = "ingress"`, and `aws_vpc_security_group_ingress_rule`.
 */
const INGRESS_TYPES = ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'];

interface IngressRule {
  /** Where the rule is, for messages: `ingress[0]` or the resource itself. */
  readonly where: string;
  readonly protocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
  readonly cidrs: readonly unknown[];
  readonly self: boolean;
  /** Whether the rule names any source at all (CIDR, security group, prefix list, self). */
  readonly hasSource: boolean;
}

/** The ingress rules a resource declares; undefined for an egress-only rule resource. */
function ingressRules(resource: Resource): IngressRule[] | undefined {
  const values = resource.values;
  if (resource.type === 'aws_security_group') {
    return asBlocks(values.ingress).map((rule, index) => fromClassic(rule, `ingress[${index}]`));
  }
  if (resource.type === 'aws_security_group_rule') return values.type === 'ingress' ? [fromClassic(values, 'cidr_blocks')] : undefined;
  return [
    {
      where: 'cidr_ipv4',
      protocol: values.ip_protocol,
      fromPort: values.from_port,
      toPort: values.to_port,
      cidrs: [values.cidr_ipv4, values.cidr_ipv6].filter((cidr) => cidr !== undefined),
      self: false,
      hasSource: ['cidr_ipv4', 'cidr_ipv6', 'referenced_security_group_id', 'prefix_list_id', 'prefix_list_ids'].some((key) => isPresent(values[key])),
    },
  ];
}

function fromClassic(rule: Attributes, where: string): IngressRule {
  return {
    where,
    protocol: rule.protocol,
    fromPort: rule.from_port,
    toPort: rule.to_port,
    cidrs: [...(asList(rule.cidr_blocks)), ...(asList(rule.ipv6_cidr_blocks))],
    self: isTrue(rule.self),
    hasSource: ['cidr_blocks', 'ipv6_cidr_blocks', 'security_groups', 'source_security_group_id', 'prefix_list_ids', 'self'].some((key) =>
      key === 'self' ? isTrue(rule.self) : isPresent(rule[key]),
    ),
  };
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const INTERNET = new Set(['0.0.0.0/0', '::/0', '0000:0000:0000:0000:0000:0000:0000:0000/0']);

/** Whether the rule opens `port` (or every port, for `all`) to the internet; undefined when unknowable. */
function opens(rule: IngressRule, port: number | 'all'): boolean | undefined {
  if (rule.self) return false;
  if (rule.cidrs.some(isUnresolved) || [rule.protocol, rule.fromPort, rule.toPort].some(isUnresolved)) return undefined;
  // A rule naming no source at all is read as open, as Checkov reads it: say who may connect.
  if (rule.hasSource && !rule.cidrs.some((cidr) => typeof cidr === 'string' && INTERNET.has(cidr))) return false;
  const allProtocols = rule.protocol === '-1' || rule.protocol === -1 || rule.protocol === 'all';
  let from = asNumber(rule.fromPort);
  let to = asNumber(rule.toPort);
  // 0-0 and -1 both mean every port in security group rules.
  if (from === 0 && to === 0) to = 65535;
  const allPorts = allProtocols || from === -1 || to === -1 || (from === 0 && to === 65535);
  if (port === 'all') return allPorts;
  if (allPorts || from === undefined || to === undefined) return allPorts;
  return from <= port && port <= to;
}

/** The shape of the four "no ingress from the internet to port X" rules. */
export function unrestrictedIngressRule(spec: {
  readonly id: string;
  readonly port: number | 'all';
  readonly service: string;
  readonly severity: Severity;
  readonly checkov: string;
  readonly rationale: string;
}): ResourceRule {
  const portText = spec.port === 'all' ? 'all ports' : `port ${spec.port}`;
  return resourceRule({
    id: spec.id,
    title: `Security groups do not open ${spec.port === 'all' ? 'every port' : `${spec.service} (port ${spec.port})`} to the internet`,
    severity: spec.severity,
    checkov: spec.checkov,
    resourceTypes: INGRESS_TYPES,
    rationale: spec.rationale,
    remediation: `Restrict the rule's source to known CIDR blocks or security groups instead of 0.0.0.0/0 and ::/0${spec.port === 22 || spec.port === 3389 ? '; reach instances through SSM Session Manager' : ''}.`,
    check(resource): Verdict {
      const rules = ingressRules(resource);
      if (!rules) return notApplicable;
      for (const rule of rules) {
        const open = opens(rule, spec.port);
        if (open === undefined) return unknown(rule.where, 'depends on values only known after apply');
        if (open) return fail(rule.where, `allows ${portText} from 0.0.0.0/0 or ::/0`);
      }
      return pass;
    },
  });
}
