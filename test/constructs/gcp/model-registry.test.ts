import { VertexModelRegistry, type VertexModelRegistryProps } from '../../../constructs/gcp/model-registry';
import { ProjectServices } from '../../../constructs/gcp/project-services';
import type { Grantee } from '../../../constructs/kit';
import { only, refTo, resourcesOf, synthGcpStack } from '../../support/construct-synth';
import { TEST_PROJECT, TEST_REGION, testGrantee } from './support';

function registry(props: Partial<VertexModelRegistryProps> = {}, use: (registry: VertexModelRegistry, grantee: Grantee) => void = () => undefined) {
  let made: VertexModelRegistry | undefined;
  const stack = synthGcpStack((s) => {
    const services = new ProjectServices(s, 'Services', { project: TEST_PROJECT });
    made = new VertexModelRegistry(s, 'ModelRegistry', { project: TEST_PROJECT, region: TEST_REGION, services, namePrefix: 'acme-dev', ...props });
    use(made, testGrantee(s, 'gates-sa').grantee);
  });
  return { stack, registry: made! };
}

describe('VertexModelRegistry', () => {
  const { stack, registry: made } = registry({}, (r, gates) => {
    r.grantPublish(gates);
    r.grantPublish(gates);
  });
  const role = only(stack, 'google_project_iam_custom_role');

  it('enables the Vertex AI API and names the registry the way Vertex clients address it', () => {
    expect(only(stack, 'google_project_service').service).toBe('aiplatform.googleapis.com');
    expect(made.registryName).toBe('projects/acme-ml-dev/locations/europe-west4');
    expect(role.depends_on).toEqual([expect.stringMatching(/^google_project_service\.Services_aiplatform/)]);
  });

  it('publishes through a custom role that uploads, reads and relabels models and nothing else: no delete, no deploy, no predict', () => {
    expect(role).toMatchObject({ project: 'acme-ml-dev', role_id: 'acme_dev_model_publisher', stage: 'GA' });
    expect([...role.permissions].sort()).toEqual(['aiplatform.models.get', 'aiplatform.models.list', 'aiplatform.models.update', 'aiplatform.models.upload', 'aiplatform.operations.get']);
    expect(role.role_id).toMatch(/^[A-Za-z0-9_.]{3,64}$/);
  });

  it('grants the role to the gates identity once, additively, and no predefined Vertex AI role', () => {
    expect(resourcesOf(stack, 'google_project_iam_member')).toEqual([
      { project: 'acme-ml-dev', role: refTo(stack, 'google_project_iam_custom_role', 'name'), member: `serviceAccount:${refTo(stack, 'google_service_account', 'email')}` },
    ]);
    expect(JSON.stringify(stack)).not.toMatch(/roles\/aiplatform\.|google_project_iam_(binding|policy)/);
  });

  it('gives each environment sharing a project its own role', () => {
    expect(only(registry({ namePrefix: 'acme-prod' }).stack, 'google_project_iam_custom_role').role_id).toBe('acme_prod_model_publisher');
    expect(only(registry({ namePrefix: undefined }).stack, 'google_project_iam_custom_role').role_id).toBe('test_model_publisher');
  });

  it('says that the gates do not mirror to it yet', () => {
    expect(made.notMirroredBecause).toMatch(/^not implemented on GCP yet/);
  });

  it('refuses a grantee of another kit, and a project or region that is not one', () => {
    expect(() => registry({}, (r) => r.grantPublish({ cloud: 'aws', description: 'workload identity plinth/gates (aws)' }))).toThrow(
      /test\/ModelRegistry cannot grant access to workload identity plinth\/gates \(aws\): it was made by the "aws" kit/,
    );
    expect(() => registry({ project: 'Acme' })).toThrow(/VertexModelRegistry test\/ModelRegistry: project "Acme" must be a project id/);
    expect(() => registry({ region: 'europe' })).toThrow(/region "europe" must be a Google Cloud region such as "europe-west4"/);
  });
});
