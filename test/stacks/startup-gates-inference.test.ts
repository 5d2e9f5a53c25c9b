import { parseConfig } from '../../core/config/load';
import { helmReleases } from '../constructs/k8s/helm/synth-k8s';
import { validateAgainstUpstreamSchema } from '../constructs/k8s/k8s-synth';
import { readDefaultConfig, type StackJson } from '../support/synth';
import { objects, resources, roleStatements } from './support/stack-queries';
import { configWith, synth } from './support/synth-config';

/** Every `${data.terraform_remote_state…}` reference of the workloads stack to a foundation output, as a pattern. */
const REMOTE = '\\$\\{data\\.terraform_remote_state\\.[^}]+';
const fromFoundation = (output: string) => new RegExp(`^${REMOTE}${output}\\}$`);

/** Statements of a role's inline policies, keyed by what they allow, for exact comparison. */
function allowed(statements: readonly Record<string, any>[]): { actions: string[]; resources: string[] }[] {
  const list = (value: string | string[]) => [value].flat().sort();
  return statements.map((statement) => ({ actions: list(statement.Action), resources: list(statement.Resource) })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe('the gates and inference services of the startup blueprint (default platform.yaml, dev)', () => {
  const stacks = synth(parseConfig(readDefaultConfig(), 'platform.yaml'));
  const foundation = stacks['acme-ml-dev-foundation']!;
  const workloads = stacks['acme-ml-dev-workloads']!;
  const manifests = objects(workloads);
  const bucket = `\${${Object.keys(resources(foundation, 'aws_s3_bucket')).map((name) => `aws_s3_bucket.${name}`).find((address) => address.includes('Artifacts_Data'))}.arn}`;
  const key = `\${aws_kms_key.${Object.keys(resources(foundation, 'aws_kms_key'))[0]}.arn}`;
  const group = `\${aws_sagemaker_model_package_group.${Object.keys(resources(foundation, 'aws_sagemaker_model_package_group'))[0]}.arn}`;

  describe('foundation: one identity each, granted exactly what it uses', () => {
    it('the gates read and write the Triton repository (models/), read the holdouts (datasets/), log in as plinth_gates and publish to the model package group only', () => {
      const statements = roleStatements(foundation, '-plinth-gates');
      expect(allowed(statements)).toEqual(
        allowed([
          { Action: 's3:ListBucket', Resource: bucket },
          { Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], Resource: `${bucket}/models/*` },
          { Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: key },
          { Action: 's3:ListBucket', Resource: bucket },
          { Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `${bucket}/datasets/*` },
          { Action: 'kms:Decrypt', Resource: key },
          { Action: 'rds-db:connect', Resource: expect.stringMatching(/:dbuser:\$\{aws_db_instance\.[^}]+\.resource_id\}\/plinth_gates$/) as unknown as string },
          {
            Action: ['sagemaker:CreateModelPackage', 'sagemaker:UpdateModelPackage', 'sagemaker:DescribeModelPackage', 'sagemaker:ListModelPackages', 'sagemaker:DescribeModelPackageGroup'],
            Resource: [group, expect.stringMatching(/^arn:\$\{[^}]+\}:sagemaker:\$\{[^}]+\}:\$\{[^}]+\}:model-package\/acme-ml-dev-models\/\*$/) as unknown as string],
          },
        ]),
      );
      const listings = statements.filter((statement) => statement.Action === 's3:ListBucket').map((statement) => statement.Condition.StringLike['s3:prefix']);
      expect(listings.sort()).toEqual(['datasets/*', 'models/*']);
    });

    it('the inference server reads the Triton repository (models/) and nothing else: no write, no database, no registry', () => {
      const statements = roleStatements(foundation, '-plinth-inference');
      expect(allowed(statements)).toEqual(
        allowed([
          { Action: 's3:ListBucket', Resource: bucket },
          { Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `${bucket}/models/*` },
          { Action: 'kms:Decrypt', Resource: key },
        ]),
      );
      expect(statements.find((statement) => statement.Action === 's3:ListBucket').Condition).toEqual({ StringLike: { 's3:prefix': 'models/*' } });
    });

    it('gives the gates a database bootstrap identity and the inference server none', () => {
      const roles = Object.values(resources(foundation, 'aws_iam_role')).map((role) => role.name as string);
      expect(roles).toContain('acme-ml-dev-plinth-gates-database-bootstrap');
      expect(roles.filter((name) => name.includes('inference'))).toEqual(['acme-ml-dev-plinth-inference']);
      expect(Object.keys(foundation.output!)).toEqual(expect.arrayContaining(['gates_repository', 'inference_repository', 'model_registry']));
    });
  });

  describe('workloads', () => {
    const gates = manifests['Deployment/plinth/gates'];
    const inference = manifests['Deployment/plinth/inference'];
    const gatesPod = gates.spec.template.spec;
    const inferencePod = inference.spec.template.spec;

    it('runs the gates with their database, tracking’s API and a client token, the bucket’s repository and holdouts, and the model package group', () => {
      const bucketName = `${REMOTE}Artifacts_Data_[0-9A-F]+bucket\\}`;
      expect(gatesPod.containers[0].args).toEqual([
        '--port',
        '8070',
        '--database-url',
        expect.stringMatching(new RegExp(`^postgres://plinth_gates@${REMOTE}MetadataDatabase_[0-9A-F]+address\\}:5432/gates\\?sslmode=verify-full$`)),
        '--database-iam-auth',
        'aws',
        '--tracking-url',
        'http://tracking.plinth.svc:5000',
        '--tracking-token-file',
        '/var/run/secrets/plinth-clients/tracking-token',
        '--repository',
        expect.stringMatching(new RegExp(`^s3://${bucketName}/models$`)),
        '--holdouts',
        expect.stringMatching(new RegExp(`^s3://${bucketName}/datasets$`)),
        '--model-package-group',
        expect.stringMatching(fromFoundation('ModelRegistry_[0-9A-F]+model_package_group_name')),
      ]);
      expect(gatesPod.containers[0].ports).toEqual([{ name: 'http', containerPort: 8070, protocol: 'TCP' }]);
    });

    it('mounts the gates’ client credentials read-only from the gates-clients Secret', () => {
      expect(gatesPod.containers[0].volumeMounts).toContainEqual({ name: 'client-credentials', mountPath: '/var/run/secrets/plinth-clients', readOnly: true });
      expect(gatesPod.volumes).toContainEqual({ name: 'client-credentials', secret: { secretName: 'gates-clients', defaultMode: 0o440 } });
    });

    it('waits for the gates’ database bootstrap Job, which creates database gates and role plinth_gates', () => {
      const job = manifests['Job/plinth/gates-database-bootstrap'];
      expect(job.spec.template.spec.containers[0].args).toEqual(expect.arrayContaining(['--database', 'gates', '--role', 'plinth_gates']));
      const deployment = Object.values(resources(workloads, 'kubernetes_manifest')).find((resource) => resource.manifest.kind === 'Deployment' && resource.manifest.metadata.name === 'gates')!;
      const jobAddress = Object.entries(resources(workloads, 'kubernetes_manifest')).find(([, resource]) => resource.manifest.kind === 'Job' && resource.manifest.metadata.name === 'gates-database-bootstrap')![0];
      expect(deployment.depends_on).toContain(`kubernetes_manifest.${jobAddress}`);
    });

    it('runs the inference server on the bucket’s repository, polled every 30 s into a writable 2Gi cache, with room for onnxruntime', () => {
      const [container] = inferencePod.containers;
      expect(container.args).toEqual([
        '--port',
        '8000',
        '--model-repository',
        expect.stringMatching(new RegExp(`^s3://${REMOTE}Artifacts_Data_[0-9A-F]+bucket\\}/models$`)),
        '--model-cache',
        '/var/lib/plinth/models',
        '--model-control-mode',
        'poll',
        '--repository-poll-secs',
        '30',
      ]);
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(container.volumeMounts).toContainEqual({ name: 'cache', mountPath: '/var/lib/plinth/models' });
      expect(inferencePod.volumes).toContainEqual({ name: 'cache', emptyDir: { sizeLimit: '2Gi' } });
      expect(container.resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2', memory: '2Gi' } });
    });

    it('keeps no database objects for the inference server: no bootstrap Job, no database URL, no database egress', () => {
      expect(Object.keys(manifests).filter((name) => name.includes('inference-database'))).toEqual([]);
      expect(inferencePod.containers[0].args.join(' ')).not.toMatch(/database/);
      expect(inferencePod.volumes.map((volume: { name: string }) => volume.name)).not.toContain('client-credentials');
    });

    it('lets the gates out to their database, tracking’s pods on 5000 and HTTPS only; the inference server to HTTPS only', () => {
      expect(manifests['NetworkPolicy/plinth/gates-egress'].spec.egress).toEqual([
        { to: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ protocol: 'TCP', port: 5432 }] },
        { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'tracking' } } }], ports: [{ protocol: 'TCP', port: 5000 }] },
        { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] },
      ]);
      expect(manifests['NetworkPolicy/plinth/inference-egress'].spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] }]);
    });

    it('lets tracking take the gates’ calls: its ingress admits the namespace’s pods on 5000', () => {
      expect(manifests['NetworkPolicy/plinth/tracking-ingress'].spec.ingress).toContainEqual({ from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: 5000 }] });
    });

    it('emits objects that match the upstream Kubernetes schema', () => {
      for (const [name, manifest] of Object.entries(manifests)) if (/\/(gates|inference)/.test(name)) validateAgainstUpstreamSchema(manifest);
    });

    it('has Prometheus scrape both on /metrics of their service port', () => {
      const monitors = helmReleases(workloads)['kube-prometheus-stack']!.parsedValues.prometheus.additionalServiceMonitors as Record<string, any>[];
      for (const name of ['gates', 'inference']) {
        expect(monitors.find((monitor) => monitor.name === name)).toMatchObject({
          selector: { matchLabels: { 'app.kubernetes.io/name': name } },
          namespaceSelector: { matchNames: ['plinth'] },
          endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
        });
        expect(manifests[`NetworkPolicy/plinth/${name}-ingress`].spec.ingress).toContainEqual({
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'plinth-monitoring' } } }],
          ports: [{ protocol: 'TCP', port: name === 'gates' ? 8070 : 8000 }],
        });
      }
    });
  });
});

describe('switching gates or inference off', () => {
  const devStacks = (capabilities: Record<string, boolean>): { foundation: StackJson; workloads: StackJson } => {
    const stacks = synth(configWith((c) => (c.capabilities = capabilities)));
    return { foundation: stacks['acme-ml-dev-foundation']!, workloads: stacks['acme-ml-dev-workloads']! };
  };

  it('gates off: no gates identity, repository, model package group, Deployment or scrape; tracking and inference stay', () => {
    const { foundation, workloads } = devStacks({ gates: false });
    const roles = Object.values(resources(foundation, 'aws_iam_role')).map((role) => role.name as string);
    expect(roles.filter((name) => name.includes('gates'))).toEqual([]);
    expect(resources(foundation, 'aws_sagemaker_model_package_group')).toEqual({});
    expect(Object.keys(foundation.output!)).not.toEqual(expect.arrayContaining(['gates_repository']));
    const names = Object.keys(objects(workloads));
    expect(names.filter((name) => name.includes('gates'))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['Deployment/plinth/tracking', 'Deployment/plinth/inference']));
    const monitors = helmReleases(workloads)['kube-prometheus-stack']!.parsedValues.prometheus.additionalServiceMonitors as { name: string }[];
    expect(monitors.map((monitor) => monitor.name).sort()).toEqual(['drift', 'inference', 'tracking']);
  });

  it('inference off: no inference identity, repository or Deployment; the gates still publish', () => {
    const { foundation, workloads } = devStacks({ inference: false });
    const roles = Object.values(resources(foundation, 'aws_iam_role')).map((role) => role.name as string);
    expect(roles.filter((name) => name.includes('inference'))).toEqual([]);
    expect(Object.keys(foundation.output!)).not.toContain('inference_repository');
    expect(Object.keys(objects(workloads)).filter((name) => name.includes('inference'))).toEqual([]);
    expect(objects(workloads)['Deployment/plinth/gates']).toBeDefined();
  });

  it('the gates with tracking off are refused, naming both and how to fix it', () => {
    expect(() => devStacks({ tracking: false })).toThrow(/capabilities\.tracking: gates needs tracking, which is off in environment "dev": switch gates off too, or tracking on/);
    expect(() => synth(configWith((c) => (c.environments.dev.capabilities = { tracking: false })))).toThrow(
      /environments\.dev\.capabilities\.tracking: gates needs tracking, which is off in environment "dev": switch gates off too, or tracking on/,
    );
  });

  it('with monitoring off neither service is scraped: no Prometheus ingress', () => {
    const { workloads } = devStacks({ monitoring: false });
    for (const name of ['gates', 'inference']) {
      expect(objects(workloads)[`NetworkPolicy/plinth/${name}-ingress`].spec.ingress).toEqual([{ from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: name === 'gates' ? 8070 : 8000 }] }]);
    }
    expect(helmReleases(workloads)['kube-prometheus-stack']).toBeUndefined();
  });
});
