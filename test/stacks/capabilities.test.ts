import { STARTUP_DEFAULTS } from '../../blueprints/startup/defaults';
import { resolveEnvironment } from '../../stacks/environment';
import type { StackJson } from '../support/synth';
import { describeConsoleWorkload } from './support/console-workload';
import { objects } from './support/stack-queries';
import { configWith, synth } from './support/synth-config';

/** Every word of a stack's Terraform JSON: resource names, addresses, values, outputs. */
function text(stack: StackJson): string {
  return JSON.stringify(stack);
}

/** Where a word occurs in a stack's JSON (keys and values), as paths: what a failure shows. */
function tracesOf(word: string, value: unknown, at = ''): string[] {
  if (typeof value === 'string') return value.toLowerCase().includes(word) ? [at] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [...(key.toLowerCase().includes(word) ? [`${at}.${key}`] : []), ...tracesOf(word, inner, `${at}.${key}`)]);
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

  it('are all on by default: every service and monitoring leave their marks in both stacks', () => {
    for (const word of ['tracking', 'drift', 'gates', 'inference', 'console']) {
      expect(text(all.foundation)).toContain(word);
      expect(text(all.workloads)).toContain(word);
    }
    expect(text(all.workloads)).toContain('kube-prometheus-stack');
  });

  /** What must go off with a capability: the gates need tracking. */
  const dependents: Record<string, Record<string, boolean>> = { tracking: { gates: false } };

  // Tracking off takes the console with it (on by default only where tracking is on).
  it.each(['tracking', 'drift', 'gates', 'inference', 'console'])('%s off leaves no trace of it in either stack: no role, grant, repository, database role, pod or alert', (service) => {
    const stacks = devStacks({ [service]: false, ...dependents[service] });
    expect(tracesOf(service, stacks.foundation)).toEqual([]);
    expect(tracesOf(service, stacks.workloads)).toEqual([]);
  });

  it('monitoring off leaves no chart, no rules, no dashboards and no scrape allowances', () => {
    const stacks = devStacks({ monitoring: false });
    for (const word of ['prometheus', 'grafana', 'alertmanager', 'plinth-monitoring', 'dashboard']) expect(tracesOf(word, stacks.workloads)).toEqual([]);
  });

  it('with every service off there is no database to pay for', () => {
    const stacks = devStacks({ tracking: false, drift: false, gates: false, inference: false });
    expect(stacks.foundation.resource!.aws_db_instance).toBeUndefined();
  });

  it('with only the inference server on there is no database either: it keeps none', () => {
    const stacks = devStacks({ tracking: false, drift: false, gates: false });
    expect(stacks.foundation.resource!.aws_db_instance).toBeUndefined();
    expect(text(stacks.workloads)).toContain('inference');
  });

  it('the gates without tracking are refused, naming both, in every environment', () => {
    expect(() => devStacks({ tracking: false })).toThrow(/capabilities\.tracking: gates needs tracking, which is off in environment "dev": switch gates off too, or tracking on/);
    expect(() => devStacks({ tracking: false })).toThrow(/capabilities\.tracking: gates needs tracking, which is off in environment "local"/);
  });

  it('the console is on wherever tracking is (unless switched off), and asking for it without tracking is refused, naming both', () => {
    const consoleIn = (mutate: (config: Record<string, any>) => void, environment = 'dev') => resolveEnvironment(configWith(mutate), environment, STARTUP_DEFAULTS).capabilities.console;
    expect(consoleIn(() => undefined)).toBe(true);
    expect(consoleIn((c) => (c.capabilities = { console: false }))).toBe(false);
    expect(consoleIn((c) => (c.capabilities = { tracking: false, gates: false }))).toBe(false);
    // Tracking back on in one environment brings the console back there only.
    const trackingInDevOnly = (c: Record<string, any>) => {
      c.capabilities = { tracking: false, gates: false };
      c.environments.dev.capabilities = { tracking: true };
    };
    expect(consoleIn(trackingInDevOnly, 'dev')).toBe(true);
    expect(consoleIn(trackingInDevOnly, 'local')).toBe(false);

    expect(() => configWith((c) => (c.capabilities = { tracking: false, gates: false, console: true }))).toThrow(
      /capabilities\.console: console needs tracking, which is off in environment "dev": switch console off too, or tracking on/,
    );
    expect(() =>
      configWith((c) => {
        c.capabilities = { tracking: false, gates: false };
        c.environments.local.capabilities = { console: true };
      }),
    ).toThrow(/environments\.local\.capabilities\.console: console needs tracking, which is off in environment "local"/);
  });

  it('an environment can switch a capability the platform keeps on, and only that environment changes', () => {
    const stacks = synth(configWith((c) => (c.environments.local.capabilities = { drift: false })));
    expect(tracesOf('drift', stacks['acme-ml-local-workloads'])).toEqual([]);
    expect(text(stacks['acme-ml-dev-workloads']!)).toContain('drift');
  });
});

describe('an environment without drift and the inference server', () => {
  const stacks = devStacks({ drift: false, inference: false });
  // The console is told of, and let out to, tracking and the gates only.
  describeConsoleWorkload(() => stacks, [
    { name: 'tracking', port: 5000 },
    { name: 'gates', port: 8070 },
  ]);
});

describe("a console published through the cluster's ingress controller (services.console.ingressNamespace)", () => {
  it('lets the pods of that namespace alone in, on the console port; refused with the console off or a name that is no namespace', () => {
    const stacks = synth(configWith((c) => (c.environments = { dev: { services: { console: { ingressNamespace: 'ingress-nginx' } } } })));
    expect(objects(stacks['acme-ml-dev-workloads']!)['NetworkPolicy/plinth/console-ingress'].spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
    expect(() =>
      configWith((c) => {
        c.environments.dev.services = { console: { ingressNamespace: 'ingress-nginx' } };
        c.environments.dev.capabilities = { console: false };
      }),
    ).toThrow(/environments\.dev\.services\.console\.ingressNamespace: lets an ingress controller reach the console, which is off in environment "dev": switch capabilities\.console on/);
    expect(() => configWith((c) => (c.environments.dev.services = { console: { ingressNamespace: 'Ingress_Nginx' } }))).toThrow(
      /environments\.dev\.services\.console\.ingressNamespace: found "Ingress_Nginx"; must be a namespace name: lowercase letters, digits and "-", starting with a letter, such as "ingress-nginx"/,
    );
  });
});
