/** The labels every object of a Plinth component carries (the recommended `app.kubernetes.io/*` set). */
export function componentLabels(name: string, version: string): Record<string, string> {
  return { ...selectorLabels(name), 'app.kubernetes.io/part-of': 'plinth', 'app.kubernetes.io/managed-by': 'plinth', 'app.kubernetes.io/version': version };
}

/** The labels that select a component's pods: stable across versions, so a selector never has to change. */
export function selectorLabels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name };
}

/** What Kubernetes accepts as a namespace or service name (an RFC 1123 label). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
