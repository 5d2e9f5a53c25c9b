import type { Attributes, Resource } from '../../../engine/model';
import { fail, pass, type Verdict } from '../../../engine/rule';
import { asBlocks, attr } from '../../../engine/values';

/** Resources with a pod template, as the Kubernetes provider names them (with and without `_v1`). */
export const POD_TYPES = ['kubernetes_pod', 'kubernetes_pod_v1', 'kubernetes_deployment', 'kubernetes_deployment_v1'];

export const WORKLOAD_TYPES = [
  ...POD_TYPES,
  'kubernetes_daemonset',
  'kubernetes_daemon_set_v1',
  'kubernetes_stateful_set',
  'kubernetes_stateful_set_v1',
  'kubernetes_job',
  'kubernetes_job_v1',
  'kubernetes_cron_job',
  'kubernetes_cron_job_v1',
  'kubernetes_replication_controller',
  'kubernetes_replication_controller_v1',
];

export interface PodSpec {
  /** Dotted path of the pod spec, for messages: `spec`, `spec.template.spec`. */
  readonly path: string;
  readonly spec: Attributes;
}

/** The pod spec of a pod, or of a controller's pod template; undefined when there is no spec. */
export function podSpec(resource: Resource): PodSpec | undefined {
  const spec = asBlocks(resource.values.spec)[0];
  if (!spec) return undefined;
  for (const path of ['job_template.spec.template.spec', 'template.spec']) {
    const nested = asBlocks(attr(spec, path))[0];
    if (nested) return { path: `spec.${path}`, spec: nested };
  }
  return { path: 'spec', spec };
}

export interface ContainerCheck {
  /** A problem with one container (its dotted path given), or undefined when it is fine. */
  readonly container: (container: Attributes, path: string) => Verdict | undefined;
  /** The verdict for a resource without a spec. */
  readonly noSpec: Verdict;
  /** The verdict for a pod spec without containers. */
  readonly noContainers: Verdict;
}

/** Runs a check on every container; the first problem is the verdict. */
export function checkContainers(resource: Resource, check: ContainerCheck): Verdict {
  const pod = podSpec(resource);
  if (!pod) return check.noSpec;
  const containers = asBlocks(pod.spec.container);
  if (containers.length === 0) return check.noContainers;
  for (const [index, container] of containers.entries()) {
    const verdict = check.container(container, `${pod.path}.container[${index}]`);
    if (verdict) return verdict;
  }
  return pass;
}

/** The shape of "every container must set X" rules. */
export function requireInContainer(path: string, what: string): (container: Attributes, at: string) => Verdict | undefined {
  return (container, at) => (attr(container, path) ? undefined : fail(`${at}.${path}`, `is not set; ${what}`));
}
