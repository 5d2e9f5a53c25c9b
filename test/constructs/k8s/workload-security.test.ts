import { FIXTURE, synthPlatform } from './platform-fixture';
import { manifestOf, type Manifest } from './k8s-synth';

/** Every pod Plinth emits, with the security properties the README promises, one test each. */
const { stack } = synthPlatform();
const workloads: [string, Manifest][] = [
  ['Deployment tracking', manifestOf(stack, 'Deployment', 'tracking')],
  ['Job tracking-database-bootstrap', manifestOf(stack, 'Job', 'tracking-database-bootstrap')],
];

describe.each(workloads)('%s', (_name, workload) => {
  const pod = workload.spec.template.spec;
  const [container, ...others] = pod.containers;

  it('has one container', () => {
    expect(others).toEqual([]);
  });

  it('is in its platform namespace, never "default"', () => {
    expect(workload.metadata.namespace).toBe(FIXTURE.namespace);
  });

  it("runs as the image's non-root node user (uid 1000), at pod and container level", () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 });
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 });
  });

  it('has a read-only root filesystem and an emptyDir for /tmp', () => {
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    expect(pod.volumes).toContainEqual({ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } });
  });

  it('cannot escalate privileges and is not privileged', () => {
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(container.securityContext.privileged).toBe(false);
  });

  it('drops every capability', () => {
    expect(container.securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  it("uses the runtime's default seccomp profile", () => {
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(container.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  it('requests and limits CPU and memory', () => {
    expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
  });

  it('does not mount a Kubernetes API token', () => {
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('runs the image at the version given, pulled only when absent', () => {
    expect(container.image).toBe(FIXTURE.image);
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(workload.metadata.labels['app.kubernetes.io/version']).toBe(FIXTURE.version);
  });

  it('uses no host namespaces, ports or paths', () => {
    expect(pod).not.toHaveProperty('hostNetwork');
    expect(pod).not.toHaveProperty('hostPID');
    expect(pod).not.toHaveProperty('hostIPC');
    expect(container.ports ?? []).not.toContainEqual(expect.objectContaining({ hostPort: expect.anything() }));
    expect(pod.volumes.filter((volume: Manifest) => 'hostPath' in volume)).toEqual([]);
  });
});
