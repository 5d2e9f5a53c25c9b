import { PlatformNamespace } from '../../../constructs/k8s/platform-namespace';
import { manifestAddress, manifestOf, manifestResourceOf, manifests, synthK8sStack, validateAgainstUpstreamSchema } from './k8s-synth';

describe('PlatformNamespace', () => {
  const stack = synthK8sStack((s) => new PlatformNamespace(s, 'Namespace', { name: 'plinth', labels: { 'plinth.dev/environment': 'dev' } }));

  it('emits only objects that match the upstream Kubernetes schema', () => {
    for (const manifest of manifests(stack)) validateAgainstUpstreamSchema(manifest);
  });

  it('enforces, audits and warns about the restricted Pod Security Standard by default', () => {
    expect(manifestOf(stack, 'Namespace', 'plinth').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'plinth.dev/environment': 'dev',
    });
  });

  it('takes another Pod Security level when asked', () => {
    const baseline = synthK8sStack((s) => new PlatformNamespace(s, 'Namespace', { name: 'plinth-monitoring', podSecurity: 'baseline' }));
    expect(manifestOf(baseline, 'Namespace', 'plinth-monitoring').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });

  it('denies all ingress and egress of every pod by default', () => {
    expect(manifestOf(stack, 'NetworkPolicy', 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  it('lets every pod resolve names with kube-dns and reach nothing else through that policy', () => {
    expect(manifestOf(stack, 'NetworkPolicy', 'allow-dns').spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    });
  });

  it('creates its policies after the namespace', () => {
    expect(manifestResourceOf(stack, 'NetworkPolicy', 'default-deny').depends_on).toEqual([manifestAddress(stack, 'Namespace', 'plinth')]);
  });

  it('refuses the default namespace', () => {
    expect(() => synthK8sStack((s) => new PlatformNamespace(s, 'Namespace', { name: 'default' }))).toThrow('PlatformNamespace test/Namespace: name must not be "default"');
  });

  it('refuses a name Kubernetes would refuse', () => {
    expect(() => synthK8sStack((s) => new PlatformNamespace(s, 'Namespace', { name: 'Plinth_Services' }))).toThrow(/name "Plinth_Services" is not a valid namespace name/);
  });
});
