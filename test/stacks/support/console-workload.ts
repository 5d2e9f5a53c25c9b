import { validateAgainstUpstreamSchema } from '../../constructs/k8s/k8s-synth';
import type { StackJson } from '../../support/synth';
import { objects } from './stack-queries';

/** A service the console shows, as the workloads stack runs it. */
export interface ConsoleCallee {
  readonly name: 'tracking' | 'gates' | 'drift' | 'inference';
  readonly port: number;
}

/** The four services of the startup blueprint, in the order the console is told about them. */
export const ALL_CONSOLE_CALLEES: readonly ConsoleCallee[] = [
  { name: 'tracking', port: 5000 },
  { name: 'gates', port: 8070 },
  { name: 'drift', port: 8090 },
  { name: 'inference', port: 8000 },
];

const CONSOLE_PODS = { 'app.kubernetes.io/name': 'console' };

/** Whether a NetworkPolicy's pod selector picks the console's pods (an empty selector picks every pod). */
function selectsConsole(policy: Record<string, any>): boolean {
  return Object.entries(policy.spec.podSelector?.matchLabels ?? {}).every(([key, value]) => (CONSOLE_PODS as Record<string, string>)[key] === value);
}

/**
 * What the console capability gives a platform's workloads stack on any blueprint and cloud. Asserted
 * on a stack the calling test file has already synthesized, so no file synthesizes twice for it.
 * `stacks` is read when the tests run.
 */
export function describeConsoleWorkload(stacks: () => { foundation: StackJson; workloads: StackJson }, callees: readonly ConsoleCallee[] = ALL_CONSOLE_CALLEES): void {
  describe('the console', () => {
    const consoleObjects = () => Object.entries(objects(stacks().workloads)).filter(([key]) => /^[A-Za-z]+\/plinth\/console(-|$)/.test(key));
    const object = (key: string) => {
      const found = objects(stacks().workloads)[key];
      if (!found) throw new Error(`no ${key} in the workloads stack`);
      return found;
    };
    const deployment = () => object('Deployment/plinth/console');
    const podSpec = () => deployment().spec.template.spec;

    it('runs `plinth console` on port 8080 of every interface, told the in-cluster address of each service the environment has', () => {
      const container = podSpec().containers[0];
      expect(container.args).toEqual(['--port', '8080', '--host', '0.0.0.0', ...callees.flatMap(({ name, port }) => [`--${name}-url`, `http://${name}.plinth.svc:${port}`])]);
    });

    it("runs its own image from the platform's registry, at the release tag the other services run", () => {
      const tag = (image: string) => /:([^:}]+)$/.exec(image)?.[1];
      const tracking = object('Deployment/plinth/tracking').spec.template.spec.containers[0].image as string;
      const image = podSpec().containers[0].image as string;
      expect(tag(image)).toBe(tag(tracking));
      expect(image).not.toMatch(/:latest$/);
      // From the foundation's console repository (AWS: a cross-stack reference to it; GCP: its path in Artifact Registry).
      expect(image).toMatch(/(Registry_console_[0-9A-F]+repository_url\}|-console\/console):[^:]+$/);
    });

    it('is made of objects that match the upstream Kubernetes schema', () => {
      const kinds = consoleObjects().map(([key, manifest]) => {
        validateAgainstUpstreamSchema(manifest);
        return key.split('/')[0];
      });
      expect(new Set(kinds)).toEqual(new Set(['ServiceAccount', 'Deployment', 'Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'NetworkPolicy']));
    });

    it('has no public endpoint: a ClusterIP service on 8080, and no pod anywhere may connect to it (port-forward is not filtered)', () => {
      expect(object('Service/plinth/console').spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 8080, targetPort: 'http', protocol: 'TCP' }] });
      const allObjects = Object.values(objects(stacks().workloads));
      expect(allObjects.filter((manifest) => manifest.kind === 'Ingress' || ['LoadBalancer', 'NodePort'].includes(manifest.spec?.type))).toEqual([]);
      const letIn = allObjects
        .filter((manifest) => manifest.kind === 'NetworkPolicy' && manifest.metadata.namespace === 'plinth' && selectsConsole(manifest))
        .flatMap((policy) => policy.spec.ingress ?? []);
      expect(letIn).toEqual([]);
      expect(object('NetworkPolicy/plinth/console-ingress').spec).toEqual({ podSelector: { matchLabels: CONSOLE_PODS }, policyTypes: ['Ingress'], ingress: [] });
    });

    it('reaches only the services it shows, each on its own port, and each of those lets the namespace in', () => {
      const egress = Object.values(objects(stacks().workloads))
        .filter((manifest) => manifest.kind === 'NetworkPolicy' && manifest.metadata.namespace === 'plinth' && selectsConsole(manifest))
        .flatMap((policy) => (policy.spec.egress ?? []).map((rule: Record<string, any>) => ({ policy: policy.metadata.name as string, rule })));
      const own = egress.filter(({ policy }) => policy === 'console-egress').map(({ rule }) => rule);
      expect(own).toEqual(callees.map(({ name, port }) => ({ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': name } } }], ports: [{ protocol: 'TCP', port }] })));
      // Besides its own: the namespace's DNS allow, and on GKE the metadata server every pod of the namespace may ask.
      expect(egress.filter(({ policy }) => policy !== 'console-egress').map(({ policy }) => policy).sort()).toEqual(expect.arrayContaining(['allow-dns']));
      expect(egress.map(({ policy }) => policy).filter((policy) => !['console-egress', 'allow-dns', 'allow-identity-endpoints'].includes(policy))).toEqual([]);
      for (const { name, port } of callees) {
        expect(object(`NetworkPolicy/plinth/${name}-ingress`).spec.ingress).toContainEqual({ from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port }] });
      }
    });

    it('holds no credential: no cloud identity on its service account or in the foundation, no token Secret, no client credentials', () => {
      const account = object('ServiceAccount/plinth/console');
      expect(account.metadata.annotations ?? {}).toEqual({});
      expect(account.automountServiceAccountToken).toBe(false);
      expect(podSpec().serviceAccountName).toBe('console');
      expect(podSpec().volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }]);
      expect(podSpec().containers[0].env ?? []).toEqual([]);
      // The foundation keeps its image, and binds no cloud identity to plinth/console: no role or Google service account
      // (`Identity-plinth-console`, `…-plinth-console`), no IRSA subject (`system:serviceaccount:plinth:console`), no Workload Identity member (`[plinth/console]`).
      expect(Object.keys(stacks().foundation.output ?? {})).toContain('console_repository');
      expect(JSON.stringify(stacks().foundation).match(/.{0,60}plinth[-/:]console.{0,20}/g)).toBeNull();
    });

    it('runs with the restricted pod settings of the other services, and one replica (its sessions live in memory)', () => {
      const tracking = object('Deployment/plinth/tracking').spec.template.spec;
      expect(podSpec().securityContext).toEqual(tracking.securityContext);
      expect(podSpec().containers[0].securityContext).toEqual(tracking.containers[0].securityContext);
      expect(podSpec().automountServiceAccountToken).toBe(false);
      expect(podSpec().containers[0]).toMatchObject({ readinessProbe: { httpGet: { path: '/readyz' } }, livenessProbe: { httpGet: { path: '/healthz' } }, resources: { limits: expect.any(Object) } });
      expect(object('HorizontalPodAutoscaler/plinth/console').spec).toMatchObject({ minReplicas: 1, maxReplicas: 1 });
    });
  });
}
