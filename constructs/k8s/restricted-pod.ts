import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IVolume } from 'kubernetes-models/v1/Volume';

/** The unprivileged `node` user of Plinth's service images (services/Dockerfile). */
export const IMAGE_USER_ID = 1000;

/** CPU and memory of one container; both requests and limits, so the scheduler and the kernel agree. */
export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

export interface RestrictedPodProps {
  readonly serviceAccountName: string;
  /** The one container, without security context (set here, the same for every Plinth pod). */
  readonly container: Omit<IContainer, 'securityContext'>;
  /** @default - only /tmp */
  readonly volumes?: readonly IVolume[];
}

/**
 * A pod spec that passes the `restricted` Pod Security Standard and more: the image's non-root user,
 * a read-only root filesystem with a scratch /tmp, no privilege escalation, every capability dropped,
 * the runtime's seccomp profile. Security settings are at pod and container level, because scanners
 * (and Plinth's own policy rules) read the container's.
 *
 * The service account token is not mounted: Plinth's pods never call the Kubernetes API. Cloud
 * credentials do not need it either: EKS's IRSA webhook adds its own projected token (audience
 * sts.amazonaws.com) to pods of a service account annotated with a role, whatever this field says,
 * and `fsGroup` lets the non-root user read that token.
 */
export function restrictedPodSpec(props: RestrictedPodProps): IPodSpec {
  const seccompProfile = { type: 'RuntimeDefault' } as const;
  const user = { runAsNonRoot: true, runAsUser: IMAGE_USER_ID, runAsGroup: IMAGE_USER_ID };
  return {
    serviceAccountName: props.serviceAccountName,
    automountServiceAccountToken: false,
    // Service links put every service of the namespace into the environment; Plinth passes addresses explicitly.
    enableServiceLinks: false,
    securityContext: { ...user, fsGroup: IMAGE_USER_ID, seccompProfile },
    containers: [
      {
        ...props.container,
        securityContext: {
          ...user,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          privileged: false,
          capabilities: { drop: ['ALL'] },
          seccompProfile,
        },
        volumeMounts: [...(props.container.volumeMounts ?? []), { name: 'tmp', mountPath: '/tmp' }],
      },
    ],
    // Node writes temporary files (uploads in flight, the SDKs' caches) under /tmp; the rest is read-only.
    volumes: [...(props.volumes ?? []), { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }],
  };
}

/** `{ NAME: value }` as the container's environment, in the order given. */
export function environment(env: Readonly<Record<string, string>>): NonNullable<IContainer['env']> {
  return Object.entries(env).map(([name, value]) => ({ name, value }));
}
