import { ProjectServices } from '../../../constructs/gcp/project-services';
import { resourcesOf, synthGcpStack } from '../../support/construct-synth';

describe('ProjectServices', () => {
  it('enables each API once per stack, returning the same resource on a second call', () => {
    const returned: unknown[] = [];
    const stack = synthGcpStack((s) => {
      const services = new ProjectServices(s, 'Services', { project: 'acme-ml-dev' });
      returned.push(services.enable('sqladmin.googleapis.com'), services.enable('container.googleapis.com'), services.enable('sqladmin.googleapis.com'));
    });
    expect(returned[2]).toBe(returned[0]);
    expect(returned[1]).not.toBe(returned[0]);
    const apis = resourcesOf(stack, 'google_project_service');
    expect(apis.map((a) => a.service).sort()).toEqual(['container.googleapis.com', 'sqladmin.googleapis.com']);
    expect(apis.every((a) => a.project === 'acme-ml-dev')).toBe(true);
  });

  it('never disables an API, or the APIs that depend on it, on destroy: other stacks of the project use them', () => {
    const stack = synthGcpStack((s) => {
      new ProjectServices(s, 'Services', { project: 'acme-ml-dev' }).enable('cloudkms.googleapis.com');
    });
    const [api] = resourcesOf(stack, 'google_project_service');
    expect(api!.disable_on_destroy).toBe(false);
    expect(api!.disable_dependent_services).toBe(false);
  });

  it('refuses a name that is not an API service name, saying what one looks like', () => {
    for (const bad of ['sqladmin', 'https://sqladmin.googleapis.com', 'SQLADMIN.googleapis.com', '']) {
      expect(() =>
        synthGcpStack((s) => {
          new ProjectServices(s, 'Services', { project: 'acme-ml-dev' }).enable(bad);
        }),
      ).toThrow(`ProjectServices test/Services: enable("${bad}") is not an API's service name; expected one like "sqladmin.googleapis.com"`);
    }
  });
});
