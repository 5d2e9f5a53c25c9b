import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/synth';
import { PlatformNamespace } from '../../../constructs/k8s/platform-namespace';
import { PlinthService } from '../../../constructs/k8s/plinth-service';
import { GKE_IDENTITY_ENDPOINTS } from '../../../constructs/gcp/gke-cluster';
import { manifests, synthK8sStack, type Manifest } from './k8s-synth';
import { FIXTURE, synthPlatform, trackingProps } from './platform-fixture';

/** A service the fixture's tracking is made to call, for the row of an allow to another service. */
const CALLED = { name: 'drift', port: 8090 } as const;

/** The namespace of an ingress controller the fixture's tracking is made to let in, for the row of `callers.namespaces`. */
const INGRESS_NAMESPACE = 'ingress-nginx';

/** The props the README's placeholders stand for, with the fixture's values. */
const PLACEHOLDERS: Record<string, string> = {
  '<service>': FIXTURE.service,
  '<port>': String(FIXTURE.port),
  '<database.cidr>': FIXTURE.database.cidr,
  '<database.port>': String(FIXTURE.database.port),
  '<scrapedFrom>': FIXTURE.scrapedFrom,
  '<services[].name>': CALLED.name,
  '<services[].port>': String(CALLED.port),
  '<callers.namespaces[]>': INGRESS_NAMESPACE,
};

/** `policy | direction | peer | ports` of each row of the README's "Network allows" table. */
function documentedAllows(): string[] {
  const readme = readFileSync(path.join(REPO_ROOT, 'constructs/k8s/README.md'), 'utf8');
  const section = readme.split('## Network allows')[1]!.split('\n## ')[0]!;
  const rows = section.split('\n').filter((line) => line.startsWith('| ')).slice(2);
  return rows.map((row) => {
    const cells = row.split('|').slice(1, 5).map((cell) => cell.trim().replace(/`/g, ''));
    return cells.map((cell) => Object.entries(PLACEHOLDERS).reduce((text, [placeholder, value]) => text.split(placeholder).join(value), cell)).join(' | ');
  });
}

/** The README's words for a NetworkPolicy peer. */
function describePeer(peer: Manifest): string {
  const namespace = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
  const pods = Object.entries(peer.podSelector?.matchLabels ?? {}).map(([key, value]) => `${key}=${String(value)}`);
  if (peer.ipBlock && !peer.ipBlock.except) return peer.ipBlock.cidr;
  if (namespace) return pods.length > 0 ? `pods ${pods.join(' ')} in namespace ${namespace}` : `pods in namespace ${namespace}`;
  if (peer.podSelector && pods.length === 0) return 'pods of the namespace';
  if (peer.podSelector) return `pods ${pods.join(' ')} of the namespace`;
  throw new Error(`the README has no words for peer ${JSON.stringify(peer)}: add them here and a row there`);
}

/**
 * Every allow the synthesized policies make, in the README's words: the fixture's, and the egress
 * policy of its tracking made to call another service (which tracking itself never does).
 */
function synthesizedAllows(): string[] {
  const caller = synthK8sStack((s) => {
    const props = trackingProps(new PlatformNamespace(s, 'Namespace', { name: FIXTURE.namespace }));
    new PlinthService(s, 'Tracking', { ...props, egress: { services: [CALLED] } });
  });
  const callerEgress = manifests(caller).filter((m) => m.kind === 'NetworkPolicy' && m.metadata.name === `${FIXTURE.service}-egress`);
  // The same service published through an ingress controller, not scraped: its ingress has only that rule.
  const published = synthK8sStack((s) => {
    const props = trackingProps(new PlatformNamespace(s, 'Namespace', { name: FIXTURE.namespace }));
    new PlinthService(s, 'Tracking', { ...props, scrapedFrom: undefined, callers: { namespaces: [INGRESS_NAMESPACE] } });
  });
  const publishedIngress = manifests(published).filter((m) => m.kind === 'NetworkPolicy' && m.metadata.name === `${FIXTURE.service}-ingress`);
  // A namespace on GKE also lets its pods reach the metadata server for their Workload Identity tokens.
  const onGke = synthK8sStack((s) => new PlatformNamespace(s, 'Namespace', { name: FIXTURE.namespace, identityEndpoints: GKE_IDENTITY_ENDPOINTS }));
  const identityEgress = manifests(onGke).filter((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'allow-identity-endpoints');
  const policies = [...manifests(synthPlatform().stack).filter((m) => m.kind === 'NetworkPolicy'), ...callerEgress, ...publishedIngress, ...identityEgress];
  return policies.flatMap((policy) => {
    const rules = [...(policy.spec.ingress ?? []).map((rule: Manifest) => ['ingress', rule.from, rule]), ...(policy.spec.egress ?? []).map((rule: Manifest) => ['egress', rule.to, rule])];
    return rules.flatMap(([direction, peers, rule]) => {
      const ports = (rule.ports as Manifest[]).map((port) => `${port.protocol} ${port.port}`).join(', ');
      return (peers as Manifest[]).map((peer) => [policy.metadata.name, direction, describePeer(peer), ports].join(' | '));
    });
  });
}

describe('network allows', () => {
  it('are exactly the ones constructs/k8s/README.md documents', () => {
    expect(synthesizedAllows().sort()).toEqual(documentedAllows().sort());
  });
});
