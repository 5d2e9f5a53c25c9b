import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import type { StackJson } from '../../../support/synth';

/** Builds constructs into a fresh stack with the Kubernetes and Helm providers and returns its Terraform JSON. */
export function synthK8sStack(build: (stack: TerraformStack) => void): StackJson {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'workloads');
  new KubernetesProvider(stack, 'kubernetes', { host: 'https://cluster.example' });
  new HelmProvider(stack, 'helm', { kubernetes: { host: 'https://cluster.example' } });
  build(stack);
  return JSON.parse(Testing.synth(stack)) as StackJson;
}

/** Every helm_release of a stack, by release name, with its values parsed from YAML. */
export function helmReleases(stack: StackJson): Record<string, Record<string, any> & { parsedValues: any }> {
  const releases = Object.values(stack.resource?.helm_release ?? {}) as Record<string, any>[];
  return Object.fromEntries(releases.map((release) => [release.name as string, { ...release, parsedValues: parse((release.values as string[])[0]!) }]));
}
