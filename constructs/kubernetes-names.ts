/**
 * Every reason `namespace/serviceAccountName` cannot name a Kubernetes service account, for the kits'
 * workload identities: a binding to a name Kubernetes refuses would never be used by any pod.
 */
export function serviceAccountNameProblems(namespace: string, serviceAccountName: string): string[] {
  return [
    ...(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(namespace) ? [] : [`namespace "${namespace}" must be a Kubernetes namespace name (lower-case letters, digits and "-", at most 63)`]),
    ...(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/.test(serviceAccountName) ? [] : [`service account "${serviceAccountName}" must be a Kubernetes object name (lower-case letters, digits, "-" and ".")`]),
  ];
}
