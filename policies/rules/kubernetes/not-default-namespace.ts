import { fail, notApplicable, pass, resourceRule, unknown } from '../../engine/rule';
import { isUnresolved } from '../../engine/values';
import { manifestKind, MANIFEST, objectFields } from './shared/kubernetes-object';

/** Namespaced typed resources Plinth's workloads use (Checkov's list, so verdicts agree). */
const NAMESPACED = [
  'kubernetes_pod',
  'kubernetes_pod_v1',
  'kubernetes_deployment',
  'kubernetes_deployment_v1',
  'kubernetes_daemonset',
  'kubernetes_daemon_set_v1',
  'kubernetes_stateful_set',
  'kubernetes_stateful_set_v1',
  'kubernetes_replication_controller',
  'kubernetes_replication_controller_v1',
  'kubernetes_job',
  'kubernetes_job_v1',
  'kubernetes_cron_job',
  'kubernetes_cron_job_v1',
  'kubernetes_service',
  'kubernetes_service_v1',
  'kubernetes_secret',
  'kubernetes_secret_v1',
  'kubernetes_service_account',
  'kubernetes_service_account_v1',
  'kubernetes_role_binding',
  'kubernetes_role_binding_v1',
  'kubernetes_config_map',
  'kubernetes_config_map_v1',
  'kubernetes_ingress',
  'kubernetes_ingress_v1',
];

/**
 * Manifests of these kinds live outside namespaces; so does every `Cluster*` kind (ClusterRole,
 * ClusterIssuer, ...). Every other manifest is taken as namespaced.
 */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'CustomResourceDefinition',
  'PriorityClass',
  'RuntimeClass',
  'IngressClass',
  'APIService',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'CertificateSigningRequest',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'FlowSchema',
  'PriorityLevelConfiguration',
]);

export const notDefaultNamespace = resourceRule({
  id: 'PLN-K8S-009',
  title: 'Resources are not in the default namespace',
  severity: 'medium',
  checkov: 'CKV_K8S_21',
  resourceTypes: [...NAMESPACED, MANIFEST],
  rationale: 'The default namespace has no quotas, network policies or RBAC of its own; everything in it shares one blast radius.',
  remediation: 'Set metadata.namespace to the namespace of the component (Plinth creates one per component).',
  check(resource) {
    if (resource.type === MANIFEST) {
      const kind = manifestKind(resource);
      if (kind === undefined) return unknown('manifest', 'is an expression known only at apply, so its kind is unknown');
      if (CLUSTER_SCOPED_KINDS.has(kind) || kind.startsWith('Cluster')) return notApplicable;
    }
    const fields = objectFields(resource);
    const namespace = fields.get('metadata.namespace');
    const at = fields.at('metadata.namespace');
    if (namespace === undefined || namespace === '') return fail(at, 'is not set, so the resource lands in "default"');
    if (isUnresolved(namespace)) return typeof namespace === 'string' ? pass : unknown(at, 'is only known after apply');
    return namespace === 'default' ? fail(at, 'is "default"') : pass;
  },
});
