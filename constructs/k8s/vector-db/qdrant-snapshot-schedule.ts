import { Construct } from 'constructs';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { parseImage } from '../image-reference';
import { KubernetesObject } from '../kubernetes-object';
import { componentLabels, selectorLabels } from '../labels';
import type { PlatformNamespace } from '../platform-namespace';
import { environment, restrictedPodSpec } from '../restricted-pod';
import { QDRANT_PORTS } from './qdrant-network-policy';

/** curl on Alpine (busybox sh, grep, cut): all the schedule's script needs. */
export const SNAPSHOT_CLIENT_IMAGE = 'docker.io/curlimages/curl:8.11.1';

export interface QdrantSnapshotScheduleProps {
  readonly namespace: PlatformNamespace;
  /** The Qdrant release's name: peers are `<qdrant>-<i>.<qdrant>-headless`. */
  readonly qdrant: string;
  readonly replicas: number;
  /** The Secret with `api-key`. */
  readonly apiKeySecretName: string;
  readonly apiKeyField: string;
  /** Cron schedule, in the cluster's time zone (UTC on EKS and GKE). */
  readonly schedule: string;
  /**
   * After each new snapshot, delete the collection's older snapshots on that peer: for snapshots kept on the peers'
   * own volumes, which nothing else would ever clear.
   * @default false
   */
  readonly keepNewestOnly?: boolean;
}

/**
 * Qdrant writes snapshots where it is told (the artifact bucket, or its snapshot volume) but never by itself: this CronJob asks
 * every peer to snapshot every collection it holds (in cluster mode a collection snapshot has the
 * peer's own shards only, so each peer is asked), and fails when one snapshot fails, so the Job's
 * failure shows in `kubectl get jobs` and the Kubernetes job alerts.
 */
export class QdrantSnapshotSchedule extends Construct {
  /** Labels of the schedule's pods, which Qdrant's traffic policy lets in. */
  readonly podLabels: Record<string, string>;

  constructor(scope: Construct, id: string, props: QdrantSnapshotScheduleProps) {
    super(scope, id);
    const where = `QdrantSnapshotSchedule ${this.node.path}`;
    if (!/^(\S+\s+){4}\S+$/.test(props.schedule)) throw new Error(`${where}: snapshotSchedule "${props.schedule}" must be a cron schedule of five fields, such as "0 3 * * *"`);
    const name = `${props.qdrant}-snapshots`;
    const namespace = props.namespace.name;
    const { image, version } = parseImage(SNAPSHOT_CLIENT_IMAGE, where);
    const labels = componentLabels(name, version);
    this.podLabels = selectorLabels(name);
    const { inNamespace } = props.namespace;
    const egress = new KubernetesObject(
      this,
      'EgressPolicy',
      new NetworkPolicy({
        metadata: { name: `${name}-egress`, namespace, labels },
        spec: {
          podSelector: { matchLabels: this.podLabels },
          policyTypes: ['Egress'],
          egress: [{ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'qdrant', 'app.kubernetes.io/instance': props.qdrant } } }], ports: [{ protocol: 'TCP', port: QDRANT_PORTS.http }] }],
        },
      }),
      inNamespace,
    );
    const pod = restrictedPodSpec({
      // No cloud identity and no Kubernetes API: the default account, its token not mounted.
      serviceAccountName: 'default',
      container: {
        name: 'snapshot',
        image,
        imagePullPolicy: 'IfNotPresent',
        command: ['/bin/sh', '-c', SCRIPT],
        env: environment({ QDRANT: props.qdrant, NAMESPACE: namespace, REPLICAS: String(props.replicas), KEEP_NEWEST_ONLY: props.keepNewestOnly ? '1' : '0', QDRANT_API_KEY_FILE: `${KEY_DIRECTORY}/${props.apiKeyField}` }),
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
        volumeMounts: [{ name: 'api-key', mountPath: KEY_DIRECTORY, readOnly: true }],
      },
      // The key as a file (readable by the pod's group), not an environment variable.
      volumes: [{ name: 'api-key', secret: { secretName: props.apiKeySecretName, items: [{ key: props.apiKeyField, path: props.apiKeyField }], defaultMode: 0o440 } }],
    });
    new KubernetesObject(
      this,
      'Resource',
      new CronJob({
        metadata: { name, namespace, labels },
        spec: {
          schedule: props.schedule,
          concurrencyPolicy: 'Forbid',
          successfulJobsHistoryLimit: 1,
          failedJobsHistoryLimit: 3,
          jobTemplate: {
            spec: {
              backoffLimit: 2,
              // Large collections take a while; a snapshot stuck for hours is a failure to look at.
              activeDeadlineSeconds: 3 * 3600,
              template: { metadata: { labels }, spec: { ...pod, restartPolicy: 'Never' } },
            },
          },
        },
      }),
      { dependsOn: [...inNamespace.dependsOn, egress.resource] },
    );
  }
}

const KEY_DIRECTORY = '/var/run/qdrant';

/**
 * Every peer, every collection it lists; `wait=true` returns once the snapshot is written. With KEEP_NEWEST_ONLY, the
 * collection's other snapshots on that peer are then deleted (a failed delete fails the Job: the volume would fill).
 */
const SCRIPT = `set -u
QDRANT_API_KEY=$(cat "$QDRANT_API_KEY_FILE")
failed=0
i=0
while [ "$i" -lt "$REPLICAS" ]; do
  peer="http://$QDRANT-$i.$QDRANT-headless.$NAMESPACE.svc:${QDRANT_PORTS.http}"
  if ! listing=$(curl -fsS --max-time 30 -H "api-key: $QDRANT_API_KEY" "$peer/collections"); then
    echo "cannot list the collections of $QDRANT-$i" >&2; failed=1
  fi
  for collection in $(printf '%s' "\${listing:-}" | grep -o '"name":"[^"]*"' | cut -d'"' -f4); do
    if created=$(curl -fsS -X POST -H "api-key: $QDRANT_API_KEY" "$peer/collections/$collection/snapshots?wait=true"); then
      echo "snapshot of $collection on $QDRANT-$i written"
      newest=$(printf '%s' "$created" | grep -o '"name":"[^"]*"' | head -n 1 | cut -d'"' -f4)
      if [ "$KEEP_NEWEST_ONLY" = 1 ] && [ -n "$newest" ]; then
        older=$(curl -fsS --max-time 30 -H "api-key: $QDRANT_API_KEY" "$peer/collections/$collection/snapshots" | grep -o '"name":"[^"]*"' | cut -d'"' -f4 | grep -vxF "$newest") || true
        for snapshot in $older; do
          curl -fsS -X DELETE -H "api-key: $QDRANT_API_KEY" "$peer/collections/$collection/snapshots/$snapshot?wait=true" >/dev/null || { echo "cannot delete snapshot $snapshot of $collection on $QDRANT-$i" >&2; failed=1; }
        done
      fi
    else
      echo "snapshot of $collection on $QDRANT-$i failed" >&2; failed=1
    fi
  done
  i=$((i + 1))
done
exit "$failed"
`;
