import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { WorkloadIdentity } from '../../../constructs/kit';
import type { KubernetesModel } from '../../../constructs/k8s/kubernetes-object';
import { resourcesOf } from '../../support/construct-synth';
import type { StackJson } from '../../support/synth';

/** Builds constructs into a fresh stack with a Kubernetes provider and returns its synthesized Terraform JSON. */
export function synthK8sStack(build: (stack: TerraformStack) => void): StackJson {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new KubernetesProvider(stack, 'kubernetes', { host: 'https://cluster.example' });
  build(stack);
  return JSON.parse(Testing.synth(stack)) as StackJson;
}

export type Manifest = Record<string, any>;

/** Every `kubernetes_manifest`'s object. */
export function manifests(stack: StackJson): Manifest[] {
  return resourcesOf(stack, 'kubernetes_manifest').map((resource) => resource.manifest as Manifest);
}

/** The one emitted object of a kind and name; fails when there is not exactly one. */
export function manifestOf(stack: StackJson, kind: string, name: string): Manifest {
  const found = manifests(stack).filter((m) => m.kind === kind && m.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected exactly one ${kind} "${name}", found ${found.length}`);
  return found[0]!;
}

/** The `kubernetes_manifest` resource (not only its object) of a kind and name. */
export function manifestResourceOf(stack: StackJson, kind: string, name: string): Record<string, any> {
  return resourcesOf(stack, 'kubernetes_manifest').find((r) => r.manifest.kind === kind && r.manifest.metadata?.name === name)!;
}

/** `kubernetes_manifest.<name>` of an object, as `depends_on` lists it. */
export function manifestAddress(stack: StackJson, kind: string, name: string): string {
  const entry = Object.entries(stack.resource?.kubernetes_manifest ?? {}).find(([, r]) => (r as Manifest).manifest.kind === kind && (r as Manifest).manifest.metadata?.name === name);
  if (!entry) throw new Error(`no ${kind} "${name}"`);
  return `kubernetes_manifest.${entry[0]}`;
}

/** The kubernetes-models class of every kind Plinth emits, by `apiVersion/kind`: a new kind must be added here. */
const MODELS: Record<string, new (data: any) => KubernetesModel> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'batch/v1/CronJob': CronJob,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

/**
 * Re-creates the object from JSON with the upstream model of its apiVersion and kind and validates
 * it: what was synthesized, not what the construct meant to build, matches the Kubernetes schema.
 */
export function validateAgainstUpstreamSchema(manifest: Manifest): void {
  const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  if (!Model) throw new Error(`no kubernetes-models class for ${manifest.apiVersion} ${manifest.kind}: add it to MODELS`);
  const { apiVersion: _apiVersion, kind: _kind, ...data } = manifest;
  new Model(data).validate();
}

/** A workload identity as a cloud kit hands it over (the role ARN is a token in a real foundation). */
export function identity(namespace: string, serviceAccountName: string): WorkloadIdentity {
  return {
    cloud: 'test',
    description: `workload identity ${serviceAccountName} (${namespace}/${serviceAccountName})`,
    namespace,
    serviceAccountName,
    serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': `arn:aws:iam::123456789012:role/${serviceAccountName}` },
  };
}
