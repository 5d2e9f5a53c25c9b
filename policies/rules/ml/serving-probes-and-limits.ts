import { fail, notApplicable } from '../../engine/rule';
import { kubernetesRule, type Fields, type KubernetesObject } from '../kubernetes/shared/kubernetes-object';
import { checkContainers, podSpec } from '../kubernetes/shared/pod-spec';
import { servesModels } from './shared/node-pools';

const GPU = 'nvidia.com/gpu';
const SERVING_IMAGE = /tritonserver|torchserve|text-generation-inference|vllm|kserve|seldon/;

export const servingProbesAndLimits = kubernetesRule({
  id: 'PLN-ML-006',
  title: 'Model serving workloads have readiness probes and resource limits',
  severity: 'high',
  kinds: ['Deployment', 'Rollout', 'StatefulSet'],
  rationale:
    'A model server takes traffic only once its weights are loaded (readiness) and must not take a node\'s memory or GPUs from its neighbours (limits); without both, rollouts drop requests and one model starves the others.',
  remediation: 'Give every container of the serving workload a readiness_probe (Triton: /v2/health/ready) and resources.limits for cpu and memory (and nvidia.com/gpu when it requests GPUs).',
  check(workload) {
    if (!isServing(workload)) return notApplicable;
    return checkContainers(workload, {
      container(container) {
        if (!container.get('readiness_probe')) return fail(container.at('readiness_probe'), 'is not set on a serving container');
        for (const resource of ['cpu', 'memory']) {
          if (!container.get(`resources.limits.${resource}`)) return fail(container.at(`resources.limits.${resource}`), 'is not set on a serving container');
        }
        if (quantity(container, 'requests', GPU) !== undefined && quantity(container, 'limits', GPU) === undefined) {
          return fail(`${container.at('resources.limits')}["${GPU}"]`, 'is not set although the container requests GPUs');
        }
        return undefined;
      },
      noSpec: 'fail',
      noContainers: 'fail',
    });
  },
});

function isServing(workload: KubernetesObject): boolean {
  if (servesModels(workload.fields.get('metadata.labels'), workload.fields.get('metadata.name'))) return true;
  const containers = podSpec(workload)?.list('container') ?? [];
  return containers.some((container) => {
    const image = container.get('image');
    return typeof image === 'string' && SERVING_IMAGE.test(image);
  });
}

/** A resource quantity by name: names such as `nvidia.com/gpu` contain dots, so no dotted path. */
function quantity(container: Fields, kind: 'requests' | 'limits', name: string): unknown {
  return container.first(`resources.${kind}`)?.values?.[name];
}
