import type { Attributes, Resource } from '../../engine/model';
import { fail, notApplicable, resourceRule } from '../../engine/rule';
import { asBlocks, attr } from '../../engine/values';
import { checkContainers } from '../kubernetes/shared/pod-spec';
import { servesModels } from './shared/node-pools';

const SERVING_TYPES = ['kubernetes_deployment', 'kubernetes_deployment_v1', 'kubernetes_stateful_set', 'kubernetes_stateful_set_v1'];
const GPU = 'nvidia.com/gpu';
const SERVING_IMAGE = /tritonserver|torchserve|text-generation-inference|vllm|kserve|seldon/;

export const servingProbesAndLimits = resourceRule({
  id: 'PLN-ML-006',
  title: 'Model serving workloads have readiness probes and resource limits',
  severity: 'high',
  resourceTypes: SERVING_TYPES,
  rationale:
    'A model server takes traffic only once its weights are loaded (readiness) and must not take a node\'s memory or GPUs from its neighbours (limits); without both, rollouts drop requests and one model starves the others.',
  remediation: 'Give every container of the serving workload a readiness_probe (Triton: /v2/health/ready) and resources.limits for cpu and memory (and nvidia.com/gpu when it requests GPUs).',
  check(workload) {
    if (!isServing(workload)) return notApplicable;
    return checkContainers(workload, {
      container(container, at) {
        if (!attr(container, 'readiness_probe')) return fail(`${at}.readiness_probe`, 'is not set on a serving container');
        for (const resource of ['cpu', 'memory']) {
          if (!attr(container, `resources.limits.${resource}`)) return fail(`${at}.resources.limits.${resource}`, 'is not set on a serving container');
        }
        if (quantity(container, 'requests', GPU) !== undefined && quantity(container, 'limits', GPU) === undefined) {
          return fail(`${at}.resources.limits["${GPU}"]`, 'is not set although the container requests GPUs');
        }
        return undefined;
      },
      noSpec: fail('spec', 'is not set'),
      noContainers: fail('spec.template.spec.container', 'is not set'),
    });
  },
});

function isServing(workload: Resource): boolean {
  if (servesModels(attr(workload.values, 'metadata.labels'), attr(workload.values, 'metadata.name'))) return true;
  const template = asBlocks(attr(workload.values, 'spec.template.spec.container'));
  return template.some((container) => typeof container.image === 'string' && SERVING_IMAGE.test(container.image));
}

/** A resource quantity by name: names such as `nvidia.com/gpu` contain dots, so no dotted path. */
function quantity(container: Attributes, kind: 'requests' | 'limits', name: string): unknown {
  return asBlocks(attr(container, `resources.${kind}`))[0]?.[name];
}
