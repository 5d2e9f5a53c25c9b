import { DatabaseBootstrapJob } from '../../../constructs/k8s/database-bootstrap-job';
import { PlatformNamespace } from '../../../constructs/k8s/platform-namespace';
import { identity, manifestAddress, manifestOf, manifestResourceOf, synthK8sStack } from './k8s-synth';
import { FIXTURE, synthPlatform } from './platform-fixture';

describe('DatabaseBootstrapJob', () => {
  const { stack } = synthPlatform();
  const job = manifestOf(stack, 'Job', 'tracking-database-bootstrap');
  const pod = job.spec.template.spec;
  const container = pod.containers[0];

  it("runs the service's bundle with the design's bootstrap command line", () => {
    expect(container.command).toEqual(['node', '/app/tracking.cjs']);
    expect(container.args).toEqual([
      'database',
      'bootstrap',
      '--admin-secret',
      FIXTURE.database.adminSecretId,
      '--host',
      'db.example.internal',
      '--port',
      '5432',
      '--database',
      'tracking',
      '--role',
      'plinth_tracking',
    ]);
    expect(container.env).toEqual([{ name: 'AWS_REGION', value: 'eu-west-1' }]);
  });

  it('runs as its own service account, the only one bound to the identity that may read the admin secret', () => {
    expect(pod.serviceAccountName).toBe('tracking-database-bootstrap');
    expect(manifestOf(stack, 'ServiceAccount', 'tracking-database-bootstrap').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/tracking-database-bootstrap' });
  });

  it('retries a few times, never restarts in place, and is deleted ten minutes after it finishes', () => {
    expect(job.spec).toMatchObject({ backoffLimit: 4, ttlSecondsAfterFinished: 600 });
    expect(pod.restartPolicy).toBe('Never');
  });

  it("is not selected by the service's Service, budget or policies", () => {
    expect(job.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('tracking-database-bootstrap');
  });

  it('makes terraform apply wait for it to complete, after its account and egress allow exist', () => {
    const resource = manifestResourceOf(stack, 'Job', 'tracking-database-bootstrap');
    expect(resource.wait).toEqual({ condition: [{ type: 'Complete', status: 'True' }] });
    expect(resource.timeouts).toEqual({ create: '10m', update: '10m' });
    expect(resource.depends_on).toEqual([
      manifestAddress(stack, 'Namespace', 'plinth'),
      manifestAddress(stack, 'ServiceAccount', 'tracking-database-bootstrap'),
      manifestAddress(stack, 'NetworkPolicy', 'tracking-database-bootstrap-egress'),
    ]);
  });

  it("takes the server's part of the command line from the foundation's database, whichever cloud: Cloud SQL through --instance, egress to its network on 3307", () => {
    const gcpServer = {
      bootstrapServerArgs: ['--cloud', 'gcp', '--instance', 'acme-dev:europe-west1:acme-dev-metadata', '--admin-secret', 'projects/acme-dev/secrets/acme-dev-metadata-admin'],
    };
    const gcp = synthK8sStack((s) => {
      const namespace = new PlatformNamespace(s, 'Namespace', { name: 'plinth' });
      new DatabaseBootstrapJob(s, 'TrackingDatabase', {
        namespace,
        service: 'tracking',
        image: 'plinth-tracking:1.0.0',
        identity: identity('plinth', 'tracking-database-bootstrap'),
        database: { cidr: '10.20.0.0/16', port: 3307, server: gcpServer, role: 'tracking@acme-dev.iam' },
      });
    });
    expect(manifestOf(gcp, 'Job', 'tracking-database-bootstrap').spec.template.spec.containers[0].args).toEqual([
      'database',
      'bootstrap',
      ...gcpServer.bootstrapServerArgs,
      '--database',
      'tracking',
      '--role',
      'tracking@acme-dev.iam',
    ]);
    expect(manifestOf(gcp, 'NetworkPolicy', 'tracking-database-bootstrap-egress').spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ protocol: 'TCP', port: 3307 }] });
  });

  it('refuses an image without a version', () => {
    expect(() =>
      synthK8sStack((s) => {
        const namespace = new PlatformNamespace(s, 'Namespace', { name: 'plinth' });
        new DatabaseBootstrapJob(s, 'TrackingDatabase', { namespace, service: 'tracking', image: 'plinth-tracking', identity: identity('plinth', 'tracking-database-bootstrap'), database: FIXTURE.database });
      }),
    ).toThrow('DatabaseBootstrapJob test/TrackingDatabase: image "plinth-tracking" has no version');
  });
});
