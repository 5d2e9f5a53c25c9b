import { fail, pass, unknown, type Verdict } from '../../../engine/rule';
import type { Fields, KubernetesObject } from './kubernetes-object';

/**
 * Kinds whose containers the probe rules read: Checkov's choice for the typed resources (pods and
 * deployments), and Argo Rollouts' Rollout (argoproj.io/v1alpha1), a Deployment with a canary strategy
 * whose pod template sits at the same `spec.template`.
 */
export const POD_KINDS = ['Pod', 'Deployment', 'Rollout'];

/** Every kind with a pod template. */
export const WORKLOAD_KINDS = [...POD_KINDS, 'DaemonSet', 'StatefulSet', 'Job', 'CronJob', 'ReplicationController', 'ReplicaSet'];

/** The pod spec of a pod, or of a controller's pod template (a cron job's job template's); undefined when there is no spec. */
export function podSpec(object: KubernetesObject): Fields | undefined {
  if (podSpecs.has(object)) return podSpecs.get(object);
  const spec = object.fields.first('spec');
  const pod = spec && (spec.first('job_template.spec.template.spec') ?? spec.first('template.spec') ?? spec);
  podSpecs.set(object, pod);
  return pod;
}

/** Pod specs already found: every container rule asks for its workload's. */
const podSpecs = new WeakMap<KubernetesObject, Fields | undefined>();

export interface ContainerCheck {
  /** A problem with one container, or undefined when it is fine. */
  readonly container: (container: Fields) => Verdict | undefined;
  /** What an object without a spec is: a failure, or undecided. */
  readonly noSpec: 'fail' | 'unknown';
  /** What a pod spec without containers is. */
  readonly noContainers: 'fail' | 'unknown';
}

/** Runs a check on every container; the first problem is the verdict. */
export function checkContainers(object: KubernetesObject, check: ContainerCheck): Verdict {
  const pod = podSpec(object);
  if (!pod) return (check.noSpec === 'fail' ? fail : unknown)(object.fields.at('spec'), 'is not set');
  const containers = pod.list('container');
  if (containers.length === 0) return (check.noContainers === 'fail' ? fail : unknown)(pod.at('container'), 'is not set');
  for (const container of containers) {
    const verdict = check.container(container);
    if (verdict) return verdict;
  }
  return pass;
}

/** The shape of "every container must set X" rules. */
export function requireInContainer(path: string, what: string): (container: Fields) => Verdict | undefined {
  return (container) => (container.get(path) ? undefined : fail(container.at(path), `is not set; ${what}`));
}
