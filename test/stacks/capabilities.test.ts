import type { StackJson } from '../support/synth';
import { configWith, synth } from './support/synth-config';

/** Every word of a stack's Terraform JSON: resource names, addresses, values, outputs. */
function text(stack: StackJson): string {
  return JSON.stringify(stack);
}

/** The dev environment's two stacks of the default config with `capabilities` set at the top level. */
function devStacks(capabilities: Record<string, boolean>, where: 'platform' | 'environment' = 'platform'): { foundation: StackJson; workloads: StackJson } {
  const stacks = synth(
    configWith((c) => {
      if (where === 'platform') c.capabilities = capabilities;
      else c.environments.dev.capabilities = capabilities;
    }),
  );
  return { foundation: stacks['acme-ml-dev-foundation']!, workloads: stacks['acme-ml-dev-workloads']! };
}

describe('capabilities of the startup blueprint', () => {
  const all = devStacks({});

  it('are all on by default: both services and monitoring leave their marks in both stacks', () => {
    for (const word of ['tracking', 'drift']) {
      expect(text(all.foundation)).toContain(word);
      expect(text(all.workloads)).toContain(word);
    }
    expect(text(all.workloads)).toContain('kube-prometheus-stack');
  });

  it.each(['tracking', 'drift'])('%s off leaves no trace of it in either stack: no role, grant, repository, database role, pod or alert', (service) => {
    const stacks = devStacks({ [service]: false });
    expect(text(stacks.foundation)).not.toContain(service);
    expect(text(stacks.workloads)).not.toContain(service);
  });

  it('monitoring off leaves no chart, no rules, no dashboards and no scrape allowances', () => {
    const stacks = devStacks({ monitoring: false });
    for (const word of ['prometheus', 'grafana', 'alertmanager', 'plinth-monitoring']) expect(text(stacks.workloads).toLowerCase()).not.toContain(word);
  });

  it('with every service off there is no database to pay for', () => {
    const stacks = devStacks({ tracking: false, drift: false });
    expect(stacks.foundation.resource!.aws_db_instance).toBeUndefined();
  });

  it('an environment can switch a capability the platform keeps on, and only that environment changes', () => {
    const stacks = synth(configWith((c) => (c.environments.local.capabilities = { drift: false })));
    expect(text(stacks['acme-ml-local-workloads']!)).not.toContain('drift');
    expect(text(stacks['acme-ml-dev-workloads']!)).toContain('drift');
  });
});
