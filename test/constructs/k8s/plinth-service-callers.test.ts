import { PlatformNamespace } from '../../../constructs/k8s/platform-namespace';
import { PlinthService, type PlinthServiceProps } from '../../../constructs/k8s/plinth-service';
import { identity, manifestOf, manifests, synthK8sStack, validateAgainstUpstreamSchema } from './k8s-synth';

/** A gates-like caller: a service that calls tracking with a client credential and caches files on disk. */
function callerProps(namespace: PlatformNamespace, change: Partial<PlinthServiceProps> = {}): PlinthServiceProps {
  return { namespace, name: 'gates', image: 'r/gates:0.9.0', port: 8070, identity: identity('plinth', 'gates'), ...change };
}

function synthCaller(change: Partial<PlinthServiceProps>) {
  const stack = synthK8sStack((s) => new PlinthService(s, 'Gates', callerProps(new PlatformNamespace(s, 'Namespace', { name: 'plinth' }), change)));
  const pod = manifestOf(stack, 'Deployment', 'gates').spec.template.spec;
  return { stack, pod, container: pod.containers[0] };
}

describe('PlinthService for a service that calls others and caches files', () => {
  const { stack, pod, container } = synthCaller({ clientCredentials: {}, cache: { mountPath: '/var/lib/plinth/models' }, egress: { services: [{ name: 'tracking', port: 5000 }], cloudApis: true } });

  it('mounts its client credentials read-only from `<name>-clients`, every key a file, readable by the image user only', () => {
    expect(container.volumeMounts).toContainEqual({ name: 'client-credentials', mountPath: '/var/run/secrets/plinth-clients', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'client-credentials', secret: { secretName: 'gates-clients', defaultMode: 0o440 } });
  });

  it('gives it a writable emptyDir of 2Gi at the cache folder, beside the read-only root and /tmp', () => {
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.volumeMounts).toContainEqual({ name: 'cache', mountPath: '/var/lib/plinth/models' });
    expect(pod.volumes).toContainEqual({ name: 'cache', emptyDir: { sizeLimit: '2Gi' } });
    expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
  });

  it('lets it out to the pods of the services it calls, on their port, and nowhere else in the namespace', () => {
    expect(manifestOf(stack, 'NetworkPolicy', 'gates-egress').spec.egress).toEqual([
      { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'tracking' } } }], ports: [{ protocol: 'TCP', port: 5000 }] },
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]);
  });

  it('emits objects that match the upstream Kubernetes schema', () => {
    for (const manifest of manifests(stack)) validateAgainstUpstreamSchema(manifest);
  });

  it('takes another Secret name and cache size when given', () => {
    const other = synthCaller({ clientCredentials: { secretName: 'gates-clients-v2' }, cache: { mountPath: '/var/cache/gates', sizeLimit: '500Mi' } });
    expect(other.pod.volumes).toContainEqual({ name: 'client-credentials', secret: { secretName: 'gates-clients-v2', defaultMode: 0o440 } });
    expect(other.pod.volumes).toContainEqual({ name: 'cache', emptyDir: { sizeLimit: '500Mi' } });
  });

  it('mounts neither without the props: a service that calls no one needs no Secret to start', () => {
    const plain = synthCaller({});
    expect(plain.pod.volumes.map((volume: { name: string }) => volume.name)).toEqual(['tokens', 'tmp']);
  });

  it('refuses a cache over a folder it mounts itself, a relative path, a size that is not one, and a Secret name Kubernetes refuses: all at once', () => {
    expect(() => synthCaller({ cache: { mountPath: '/var/run/secrets/plinth', sizeLimit: 'lots' }, clientCredentials: { secretName: 'Gates_Clients' } })).toThrow(
      [
        'PlinthService test/Gates:',
        '  clientCredentials.secretName "Gates_Clients" must be a Secret name (lower-case letters, digits, "-" and ".", at most 253)',
        '  cache.mountPath "/var/run/secrets/plinth" overlaps /var/run/secrets/plinth, which the construct mounts itself: pick another folder (such as /var/lib/plinth/cache)',
        '  cache.sizeLimit "lots" must be a quantity of bytes such as "2Gi" or "500Mi"',
      ].join('\n'),
    );
    expect(() => synthCaller({ cache: { mountPath: 'models' } })).toThrow('cache.mountPath "models" must be an absolute folder path without ".." or a trailing "/"');
    expect(() => synthCaller({ cache: { mountPath: '/tmp/models' } })).toThrow('overlaps /tmp');
  });

  it('refuses a called service that is not a service name, or a port that is not one', () => {
    expect(() => synthCaller({ egress: { services: [{ name: 'Tracking', port: 5000 }] } })).toThrow('PlinthService test/Gates: services[].name "Tracking" must be a service name');
    expect(() => synthCaller({ egress: { services: [{ name: 'tracking', port: 0 }] } })).toThrow('PlinthService test/Gates: services[].port of "tracking" must be a port number (1-65535), got 0');
  });
});
