import type { Attributes, Resource } from '../../../policies/engine/model';
import { asNumber, isObject, isTrue } from '../../../policies/engine/values';
import { exactly } from '../model';
import { MissingPrice, priceOf } from '../prices/price-table';
import type { PricedLine, PricingContext } from '../pricing-context';

/**
 * Kubernetes objects and Helm releases cost nothing by themselves (their pods run on nodes priced with
 * the node pools); the volumes they claim are disks. Each kind and chart Plinth emits is listed here:
 * `volumes` says what it claims, `undefined` that it claims none.
 */
type Claims = (body: Attributes, context: PricingContext) => Volume[];

interface Volume {
  readonly what: string;
  readonly sizeGb: number;
  readonly storageClass?: string;
  readonly count: number;
}

export const MANIFEST_KINDS: Readonly<Record<string, Claims | undefined>> = {
  Namespace: undefined,
  NetworkPolicy: undefined,
  ServiceAccount: undefined,
  Deployment: undefined,
  Rollout: undefined,
  Job: undefined,
  CronJob: undefined,
  ConfigMap: undefined,
  Secret: undefined,
  PodDisruptionBudget: undefined,
  HorizontalPodAutoscaler: undefined,
  ScaledObject: undefined,
  AnalysisTemplate: undefined,
  StorageClass: undefined,
  Role: undefined,
  RoleBinding: undefined,
  ServiceMonitor: undefined,
  PrometheusRule: undefined,
  Service: (service) => {
    if (path(service, 'spec', 'type') === 'LoadBalancer') throw new MissingPrice('a Service of type LoadBalancer (a cloud load balancer)');
    return [];
  },
  PersistentVolumeClaim: (claim) => [
    { what: `volume ${String(path(claim, 'metadata', 'name'))}`, sizeGb: gigabytes(path(claim, 'spec', 'resources', 'requests', 'storage')), storageClass: optionalString(path(claim, 'spec', 'storageClassName')), count: 1 },
  ],
  StatefulSet: (set) => {
    const templates = path(set, 'spec', 'volumeClaimTemplates');
    const replicas = asNumber(path(set, 'spec', 'replicas')) ?? 1;
    return (Array.isArray(templates) ? templates.filter(isObject) : []).map((template) => ({
      what: `${String(path(set, 'metadata', 'name'))} volume ${String(path(template, 'metadata', 'name'))}`,
      sizeGb: gigabytes(path(template, 'spec', 'resources', 'requests', 'storage')),
      storageClass: optionalString(path(template, 'spec', 'storageClassName')),
      count: replicas,
    }));
  },
};

export const HELM_CHARTS: Readonly<Record<string, Claims | undefined>> = {
  'metrics-server': undefined,
  'cluster-autoscaler': undefined,
  'nvidia-device-plugin': undefined,
  'dcgm-exporter': undefined,
  'argo-rollouts': undefined,
  keda: undefined,
  qdrant: (values) => {
    const replicas = asNumber(values.replicaCount) ?? 1;
    const volumes: Volume[] = [{ what: 'qdrant storage', sizeGb: gigabytes(path(values, 'persistence', 'size') ?? '10Gi'), storageClass: optionalString(path(values, 'persistence', 'storageClassName')), count: replicas }];
    if (isTrue(path(values, 'snapshotPersistence', 'enabled'))) {
      volumes.push({ what: 'qdrant snapshots', sizeGb: gigabytes(path(values, 'snapshotPersistence', 'size') ?? '10Gi'), storageClass: optionalString(path(values, 'snapshotPersistence', 'storageClassName')), count: replicas });
    }
    return volumes;
  },
  'kube-prometheus-stack': (values) => {
    const prometheus = path(values, 'prometheus', 'prometheusSpec');
    const alertmanager = path(values, 'alertmanager', 'alertmanagerSpec');
    const volumes = [
      ...claimTemplate('prometheus storage', path(prometheus, 'storageSpec', 'volumeClaimTemplate', 'spec'), path(prometheus, 'replicas')),
      ...claimTemplate('alertmanager storage', path(alertmanager, 'storage', 'volumeClaimTemplate', 'spec'), path(alertmanager, 'replicas')),
    ];
    if (isTrue(path(values, 'grafana', 'persistence', 'enabled'))) {
      volumes.push({ what: 'grafana storage', sizeGb: gigabytes(path(values, 'grafana', 'persistence', 'size') ?? '10Gi'), storageClass: optionalString(path(values, 'grafana', 'persistence', 'storageClassName')), count: 1 });
    }
    return volumes;
  },
};

export function priceManifest(resource: Resource, context: PricingContext): PricedLine[] {
  const manifest = isObject(resource.values.manifest) ? resource.values.manifest : {};
  const kind = String(manifest.kind);
  if (!(kind in MANIFEST_KINDS)) throw new MissingPrice(`Kubernetes kind ${kind} (classify it in services/cost/pricers/kubernetes.ts)`);
  const claims = MANIFEST_KINDS[kind];
  return claims ? claims(manifest, context).map((volume) => priceVolume(volume, context)) : [];
}

export function priceHelmRelease(resource: Resource, context: PricingContext): PricedLine[] {
  const chart = String(resource.values.chart);
  if (!(chart in HELM_CHARTS)) throw new MissingPrice(`Helm chart ${chart} (classify it in services/cost/pricers/kubernetes.ts)`);
  const claims = HELM_CHARTS[chart];
  return claims ? claims(helmValues(resource), context).map((volume) => priceVolume(volume, context)) : [];
}

/** A release's values: each YAML document of `values` in order, later keys winning at the top level (as Helm merges them, shallowly enough here). */
function helmValues(release: Resource): Attributes {
  // Loaded here: the policy engine loads this file with its rules, and most checks have no Helm release.
  const { parse } = require('yaml') as typeof import('yaml');
  const documents = Array.isArray(release.values.values) ? release.values.values : [];
  return Object.assign({}, ...documents.filter((text): text is string => typeof text === 'string').map((text) => (parse(text) as Attributes | null) ?? {}));
}

/** Disks from the StorageClass's provisioner and type (EKS default gp2, GKE default pd-balanced). */
function priceVolume(volume: Volume, context: PricingContext): PricedLine {
  const storageClass = volume.storageClass ? context.manifest('StorageClass', volume.storageClass) : undefined;
  const declared = path(storageClass, 'parameters', 'type');
  const aws = context.environment.cloud === 'aws';
  const diskType = typeof declared === 'string' ? declared : aws ? 'gp2' : 'pd-balanced';
  const perGb = aws ? priceOf(context.aws().ebsPerGbMonth, diskType, 'EBS volume type') : priceOf(context.gcp().diskPerGbMonth, diskType, 'persistent disk type');
  const count = volume.count === 1 ? '' : `${volume.count} x `;
  return { part: volume.what, basis: `${count}${volume.sizeGb} GB ${diskType}, before growth`, monthlyUsd: exactly(volume.count * volume.sizeGb * perGb) };
}

const UNITS: Readonly<Record<string, number>> = { Ki: 1 / 1024 ** 2, Mi: 1 / 1024, Gi: 1, Ti: 1024, K: 1e3 / 1024 ** 3, M: 1e6 / 1024 ** 3, G: 1e9 / 1024 ** 3, T: 1e12 / 1024 ** 3 };

/** A Kubernetes quantity (`20Gi`, `500M`) in GiB, what clouds bill disks by. */
function gigabytes(quantity: unknown): number {
  const match = typeof quantity === 'string' ? /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G|T)?$/.exec(quantity.trim()) : null;
  if (!match) throw new MissingPrice(`a volume of size ${JSON.stringify(quantity)} (a Kubernetes quantity such as 20Gi)`);
  return Number(match[1]) * (match[2] ? UNITS[match[2]]! : 1 / 1024 ** 3);
}

/** A volumeClaimTemplate's spec (the Prometheus operator's storage), none when the values hold an emptyDir or nothing. */
function claimTemplate(what: string, spec: unknown, replicas: unknown): Volume[] {
  if (!isObject(spec)) return [];
  return [{ what, sizeGb: gigabytes(path(spec, 'resources', 'requests', 'storage')), storageClass: optionalString(spec.storageClassName), count: asNumber(replicas) ?? 1 }];
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function path(value: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((current, key) => (isObject(current) ? current[key] : undefined), value);
}
