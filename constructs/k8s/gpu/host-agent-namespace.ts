import type { Construct } from 'constructs';
import { PlatformNamespace } from '../platform-namespace';

/** What a node agent needs from its namespace. */
export interface HostAgentNeeds {
  /** What about its pod a Pod Security Standard below `privileged` refuses: "runs as root with SYS_ADMIN". */
  readonly pod: string;
  /** Whether Prometheus scrapes it, which a namespace's default-deny policy blocks. */
  readonly scraped: boolean;
}

/**
 * A node agent that needs the host (root, a capability, host paths) belongs in kube-system or a
 * privileged namespace of the cluster's own, not in one of Plinth's: their Pod Security Standard
 * refuses such pods (the DaemonSet would silently create none) and their default-deny policy blocks
 * Prometheus. Checked when the app is synthesized, so a namespace declared after the agent counts too.
 */
export function refusePlinthNamespaces(agent: Construct, namespace: string, needs: HostAgentNeeds): void {
  agent.node.addValidation({
    validate: () =>
      agent.node.root.node
        .findAll()
        .filter((found): found is PlatformNamespace => found instanceof PlatformNamespace && found.name === namespace)
        .flatMap((platform) => {
          const problem = whyNot(platform, needs);
          return problem ? [`namespace "${namespace}" is Plinth's PlatformNamespace ${platform.node.path}: ${problem}; keep the default "kube-system"`] : [];
        }),
  });
}

function whyNot(platform: PlatformNamespace, needs: HostAgentNeeds): string | undefined {
  const labels = (platform.resource.manifest.metadata as { labels?: Record<string, string> } | undefined)?.labels;
  const level = labels?.['pod-security.kubernetes.io/enforce'];
  if (level !== 'privileged') return `its Pod Security Standard "${level}" refuses a pod that ${needs.pod}, so the DaemonSet would run no pod`;
  if (needs.scraped) return 'its default-deny NetworkPolicy keeps Prometheus from the metrics port';
  return undefined;
}
