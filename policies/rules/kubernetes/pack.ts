import type { Pack } from '../../engine/rule';
import { containerSecurityContext } from './container-security-context';
import { cpuLimits } from './cpu-limits';
import { cpuRequests } from './cpu-requests';
import { dropNetRaw } from './drop-net-raw';
import { imageDigest } from './image-digest';
import { imageTagPinned } from './image-tag-pinned';
import { livenessProbe } from './liveness-probe';
import { memoryLimits } from './memory-limits';
import { memoryRequests } from './memory-requests';
import { namespaceNetworkPolicy } from './namespace-network-policy';
import { noPrivilegeEscalation } from './no-privilege-escalation';
import { notDefaultNamespace } from './not-default-namespace';
import { notPrivileged } from './not-privileged';
import { noServiceAccountToken } from './no-service-account-token';
import { podDisruptionBudget } from './pod-disruption-budget';
import { podSecurityContext } from './pod-security-context';
import { readOnlyRootFilesystem } from './read-only-root-filesystem';
import { readinessProbe } from './readiness-probe';
import { runAsNonRoot } from './run-as-non-root';
import { seccompRuntimeDefault } from './seccomp-runtime-default';
import { secretsAsFiles } from './secrets-as-files';

export const kubernetesPack: Pack = {
  name: 'kubernetes',
  description: 'Security of Kubernetes workloads: privileges, images, resources, probes, namespaces, network policies, API tokens, seccomp, disruption budgets.',
  rules: [
    cpuRequests,
    cpuLimits,
    memoryLimits,
    memoryRequests,
    imageTagPinned,
    imageDigest,
    notPrivileged,
    noPrivilegeEscalation,
    notDefaultNamespace,
    readOnlyRootFilesystem,
    dropNetRaw,
    podSecurityContext,
    containerSecurityContext,
    secretsAsFiles,
    livenessProbe,
    readinessProbe,
    runAsNonRoot,
    namespaceNetworkPolicy,
    noServiceAccountToken,
    seccompRuntimeDefault,
    podDisruptionBudget,
  ],
};
