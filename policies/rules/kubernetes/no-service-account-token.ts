import { fail, pass, unknown } from '../../engine/rule';
import { isFalse, isTrue, isUnresolved } from '../../engine/values';
import { kubernetesRule, namespaceOf, objectsOfKind } from './shared/kubernetes-object';
import { podSpec, WORKLOAD_KINDS } from './shared/pod-spec';

export const noServiceAccountToken = kubernetesRule({
  id: 'PLN-K8S-019',
  title: 'Pods do not mount a Kubernetes API token they do not use',
  severity: 'medium',
  kinds: WORKLOAD_KINDS,
  rationale:
    'Kubernetes mounts the service account\'s API token into every pod unless told not to: anyone who gets code running in the pod can then call the Kubernetes API as that account. Cloud identity does not need it (IRSA and EKS Pod Identity mount their own audience-bound token; GKE Workload Identity uses the metadata server).',
  remediation:
    'Set automount_service_account_token = false on the pod spec (automountServiceAccountToken in a manifest), or on its service account; a pod that calls the Kubernetes API keeps it, with a suppression that says why.',
  check(workload, { graph }) {
    const pod = podSpec(workload);
    if (!pod) return unknown(workload.fields.at('spec'), 'is not set');
    const own = pod.get('automount_service_account_token');
    if (isUnresolved(own)) return unknown(pod.at('automount_service_account_token'), 'is only known after apply');
    if (isFalse(own)) return pass;
    if (isTrue(own)) return fail(pod.at('automount_service_account_token'), 'is true; set it to false unless the pod calls the Kubernetes API');
    const accountName = pod.get('service_account_name') ?? 'default';
    const account = objectsOfKind(graph, 'ServiceAccount').find(
      (candidate) => candidate.fields.get('metadata.name') === accountName && namespaceOf(candidate) === namespaceOf(workload),
    );
    if (account && isFalse(account.fields.get('automount_service_account_token'))) return pass;
    return fail(pod.at('automount_service_account_token'), `is not set, and service account "${String(accountName)}" does not turn the token off either`);
  },
});
