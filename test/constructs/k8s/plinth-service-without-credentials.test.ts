import { PlatformNamespace } from '../../../constructs/k8s/platform-namespace';
import { PlinthService, type PlinthServiceProps } from '../../../constructs/k8s/plinth-service';
import { manifestOf, manifests, synthK8sStack, validateAgainstUpstreamSchema } from './k8s-synth';

/** A service like the console: no cloud identity, no tokens of its own, called by nothing in its namespace. */
function consoleLike(change: (props: PlinthServiceProps) => PlinthServiceProps = (props) => props) {
  return synthK8sStack((s) => {
    const namespace = new PlatformNamespace(s, 'Namespace', { name: 'plinth' });
    new PlinthService(
      s,
      'Console',
      change({
        namespace,
        name: 'console',
        image: 'registry.example/plinth-console:0.9.0',
        port: 8080,
        args: ['--tracking-url', 'http://tracking.plinth.svc:5000'],
        identity: 'none',
        ownTokens: false,
        callers: { namespacePods: false },
        egress: { services: [{ name: 'tracking', port: 5000 }] },
      }),
    );
  });
}

describe('PlinthService of a service that holds no credential (the console)', () => {
  const stack = consoleLike();
  const pod = manifestOf(stack, 'Deployment', 'console').spec.template.spec;

  it('emits only objects that match the upstream Kubernetes schema', () => {
    for (const manifest of manifests(stack)) validateAgainstUpstreamSchema(manifest);
  });

  it('runs as a service account of its own name with no cloud identity annotation and no API token', () => {
    const account = manifestOf(stack, 'ServiceAccount', 'console');
    expect(account.metadata.annotations).toBeUndefined();
    expect(account.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('console');
  });

  it('mounts no tokens Secret and names no tokens file: a pod never waits for a `console-tokens` Secret nobody creates', () => {
    expect(pod.volumes.map((volume: { name: string }) => volume.name)).toEqual(['tmp']);
    expect(pod.containers[0].volumeMounts.map((mount: { mountPath: string }) => mount.mountPath)).toEqual(['/tmp']);
    expect(pod.containers[0].env).toEqual([]);
  });

  it('lets no pod connect when no caller is allowed and nothing scrapes it, and only the given namespaces when some are', () => {
    expect(manifestOf(stack, 'NetworkPolicy', 'console-ingress').spec.ingress).toEqual([]);
    const published = consoleLike((props) => ({ ...props, callers: { namespaces: ['ingress-nginx'] }, scrapedFrom: 'plinth-monitoring' }));
    expect(manifestOf(published, 'NetworkPolicy', 'console-ingress').spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'plinth-monitoring' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
  });

  it('refuses a tokens Secret without tokens of its own, and a caller namespace that is not a namespace name, naming the props', () => {
    expect(() => consoleLike((props) => ({ ...props, tokensSecretName: 'console-tokens' }))).toThrow(
      'PlinthService test/Console:\n  tokensSecretName "console-tokens" is set but ownTokens is false: a service without tokens of its own mounts no tokens Secret; drop one of the two',
    );
    expect(() => consoleLike((props) => ({ ...props, callers: { namespaces: ['Ingress_Nginx'] } }))).toThrow(
      'callers.namespaces: "Ingress_Nginx" must be a namespace name (a DNS label: lower-case letters, digits and "-", at most 63)',
    );
  });
});
