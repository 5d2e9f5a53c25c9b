import { TerraformVariable } from 'cdktf';
import { DatabaseBootstrapJob } from '../../../constructs/k8s/database-bootstrap-job';
import { PlatformNamespace } from '../../../constructs/k8s/platform-namespace';
import { PlinthService, type PlinthServiceProps } from '../../../constructs/k8s/plinth-service';
import { identity, manifestAddress, manifestOf, manifestResourceOf, manifests, synthK8sStack, validateAgainstUpstreamSchema } from './k8s-synth';
import { FIXTURE, synthPlatform, TRACKING_ARGS, trackingProps } from './platform-fixture';

describe('PlinthService', () => {
  const { stack, tracking } = synthPlatform();
  const deployment = manifestOf(stack, 'Deployment', 'tracking');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  it('emits only objects that match the upstream Kubernetes schema', () => {
    const emitted = manifests(stack);
    expect(emitted.map((m) => m.kind).sort()).toEqual(
      ['Deployment', 'HorizontalPodAutoscaler', 'Job', 'Namespace', 'NetworkPolicy', 'NetworkPolicy', 'NetworkPolicy', 'NetworkPolicy', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount', 'ServiceAccount'],
    );
    for (const manifest of emitted) validateAgainstUpstreamSchema(manifest);
  });

  it('builds a ServiceMonitor that matches the prometheus-operator schema, for the chart to carry, and does not emit it', () => {
    const monitor = JSON.parse(JSON.stringify(tracking.serviceMonitor));
    validateAgainstUpstreamSchema(monitor);
    expect(monitor.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'tracking' } },
      namespaceSelector: { matchNames: ['plinth'] },
      endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
    });
    expect(manifests(stack).some((m) => m.kind === 'ServiceMonitor')).toBe(false);
  });

  it('runs as a service account named and annotated by its workload identity, without an API token', () => {
    const account = manifestOf(stack, 'ServiceAccount', 'tracking');
    expect(account.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/tracking' });
    expect(account.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('tracking');
  });

  it('passes the port, then the given arguments, after the image entrypoint', () => {
    expect(container.command).toBeUndefined();
    expect(container.args).toEqual(['--port', '5000', ...TRACKING_ARGS]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 5000, protocol: 'TCP' }]);
  });

  it('reads its API tokens from the tokens secret, mounted read-only, named by PLINTH_TOKENS_FILE', () => {
    expect(container.env).toEqual([
      { name: 'AWS_REGION', value: 'eu-west-1' },
      { name: 'PLINTH_TOKENS_FILE', value: '/var/run/secrets/plinth/tokens' },
    ]);
    expect(container.volumeMounts).toContainEqual({ name: 'tokens', mountPath: '/var/run/secrets/plinth', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'tokens', secret: { secretName: 'tracking-tokens', items: [{ key: 'tokens', path: 'tokens' }], defaultMode: 0o440 } });
  });

  it('is probed for start-up and liveness on /healthz and readiness on /readyz, on the service port', () => {
    expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
  });

  it('leaves the endpoints before it stops accepting, and gets longer than its drain to finish', () => {
    expect(container.lifecycle.preStop).toEqual({ sleep: { seconds: 5 } });
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(5 + 30);
  });

  it('spreads its pods across zones and nodes', () => {
    expect(pod.topologySpreadConstraints.map((c: { topologyKey: string }) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    for (const constraint of pod.topologySpreadConstraints) expect(constraint).toMatchObject({ maxSkew: 1, labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'tracking' } } });
  });

  it('leaves the replica count to the autoscaler, which scales on CPU between 1 and 3', () => {
    expect(deployment.spec).not.toHaveProperty('replicas');
    expect(manifestOf(stack, 'HorizontalPodAutoscaler', 'tracking').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'tracking' },
      minReplicas: 1,
      maxReplicas: 3,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
  });

  it('lets one pod at a time be disrupted', () => {
    expect(manifestOf(stack, 'PodDisruptionBudget', 'tracking').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'tracking' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
  });

  it('is reachable inside the cluster through a ClusterIP Service', () => {
    expect(manifestOf(stack, 'Service', 'tracking').spec).toEqual({ type: 'ClusterIP', selector: { 'app.kubernetes.io/name': 'tracking' }, ports: [{ name: 'http', port: 5000, targetPort: 'http', protocol: 'TCP' }] });
    expect(tracking.url).toBe('http://tracking.plinth.svc:5000');
  });

  it('carries the recommended labels', () => {
    expect(deployment.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'tracking', 'app.kubernetes.io/part-of': 'plinth', 'app.kubernetes.io/managed-by': 'plinth', 'app.kubernetes.io/version': '0.9.0' });
  });

  it('is created after its namespace and, for the Deployment, after its service account and its database bootstrap', () => {
    expect(manifestResourceOf(stack, 'Service', 'tracking').depends_on).toEqual([manifestAddress(stack, 'Namespace', 'plinth')]);
    expect(manifestResourceOf(stack, 'Deployment', 'tracking').depends_on).toEqual([
      manifestAddress(stack, 'Namespace', 'plinth'),
      manifestAddress(stack, 'ServiceAccount', 'tracking'),
      manifestAddress(stack, 'Job', 'tracking-database-bootstrap'),
    ]);
  });

  it('takes a repository known only after apply (the foundation registry) and a role ARN token', () => {
    const tokens = synthK8sStack((s) => {
      const repository = new TerraformVariable(s, 'repository', { type: 'string' });
      const role = new TerraformVariable(s, 'role', { type: 'string' });
      const namespace = new PlatformNamespace(s, 'Namespace', { name: 'plinth' });
      const boundIdentity = { ...identity('plinth', 'tracking'), serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': role.stringValue } };
      new PlinthService(s, 'Tracking', { ...trackingProps(namespace), image: `${repository.stringValue}:0.9.0`, identity: boundIdentity });
    });
    expect(manifestOf(tokens, 'Deployment', 'tracking').spec.template.spec.containers[0].image).toBe('${var.repository}:0.9.0');
    expect(manifestOf(tokens, 'ServiceAccount', 'tracking').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': '${var.role}' });
  });

  it('is not scraped, and has no ServiceMonitor, unless asked', () => {
    let quiet: PlinthService | undefined;
    const unscraped = synthK8sStack((s) => {
      const { scrapedFrom: _scrapedFrom, ...props } = trackingProps(new PlatformNamespace(s, 'Namespace', { name: 'plinth' }));
      quiet = new PlinthService(s, 'Tracking', props);
    });
    expect(quiet!.serviceMonitor).toBeUndefined();
    expect(manifestOf(unscraped, 'NetworkPolicy', 'tracking-ingress').spec.ingress).toHaveLength(1);
  });

  describe('refuses props that would not run', () => {
    const build = (change: (props: PlinthServiceProps) => PlinthServiceProps) => () =>
      synthK8sStack((s) => new PlinthService(s, 'Tracking', change(trackingProps(new PlatformNamespace(s, 'Namespace', { name: 'plinth' })))));

    it('an image without a version', () => {
      expect(build((p) => ({ ...p, image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/plinth-tracking' }))).toThrow(
        'PlinthService test/Tracking: image "123456789012.dkr.ecr.eu-west-1.amazonaws.com/plinth-tracking" has no version; give "<repository>:<version>"',
      );
    });

    it('an image at latest', () => {
      expect(build((p) => ({ ...p, image: 'registry.example:5000/plinth-tracking:latest' }))).toThrow('PlinthService test/Tracking: image "registry.example:5000/plinth-tracking:latest" is at "latest", which moves');
    });

    it('an identity made for another namespace', () => {
      expect(build((p) => ({ ...p, identity: identity('default', 'tracking') }))).toThrow(
        'PlinthService test/Tracking: identity workload identity tracking (default/tracking) is for namespace "default", but the workload runs in "plinth"',
      );
    });

    it('fewer maximum than minimum replicas, a privileged port, --port in args, a hand-set PLINTH_TOKENS_FILE: all at once', () => {
      expect(build((p) => ({ ...p, minReplicas: 3, maxReplicas: 2, port: 80, args: ['--port', '80'], env: { PLINTH_TOKENS_FILE: '/x' } }))).toThrow(
        [
          'PlinthService test/Tracking:',
          '  port must be 1024-65535 (the image runs unprivileged), got 80',
          '  args must not contain --port: the construct passes --port from the port prop',
          '  env must not set PLINTH_TOKENS_FILE: the construct points it at the mounted tokensSecretName',
          '  maxReplicas (2) must be an integer no smaller than minReplicas (3)',
        ].join('\n'),
      );
    });

    it("another service's database bootstrap", () => {
      expect(() =>
        synthK8sStack((s) => {
          const namespace = new PlatformNamespace(s, 'Namespace', { name: 'plinth' });
          const databaseBootstrap = new DatabaseBootstrapJob(s, 'DriftDatabase', { namespace, service: 'drift', image: 'r/drift:0.9.0', identity: identity('plinth', 'drift-database-bootstrap'), database: FIXTURE.database });
          new PlinthService(s, 'Tracking', { ...trackingProps(namespace), databaseBootstrap });
        }),
      ).toThrow('databaseBootstrap creates the database of "drift", not of "tracking"');
    });

    it('a database port only known after apply (NetworkPolicy would read it as a port name)', () => {
      expect(() =>
        synthK8sStack((s) => {
          const port = new TerraformVariable(s, 'port', { type: 'number' });
          const props = trackingProps(new PlatformNamespace(s, 'Namespace', { name: 'plinth' }));
          new PlinthService(s, 'Tracking', { ...props, egress: { database: { cidr: FIXTURE.database.cidr, port: port.numberValue } } });
        }),
      ).toThrow('PlinthService test/Tracking: database.port must be a port number known at synth (1-65535), got a value only known after apply');
    });

    it('a database range that is not a CIDR', () => {
      expect(build((p) => ({ ...p, egress: { database: { cidr: '10.0.0.0', port: 5432 } } }))).toThrow('database.cidr must be an IPv4 range such as "10.0.0.0/16", got "10.0.0.0"');
    });
  });
});
