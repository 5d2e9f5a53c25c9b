import { Testing, TerraformStack } from 'cdktf';
import { awsProvider } from '../../constructs/aws/provider';
import { gcpProvider } from '../../constructs/gcp/provider';
import type { StackJson } from './synth';

/** Builds constructs into a fresh AWS stack and returns its synthesized Terraform JSON. */
export function synthAwsStack(build: (stack: TerraformStack) => void): StackJson {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  awsProvider(stack, 'aws', { region: 'eu-west-1', tags: { owner: 'test', 'cost-center': 'cc', environment: 'test' } });
  build(stack);
  return JSON.parse(Testing.synth(stack)) as StackJson;
}

/** Builds constructs into a fresh GCP stack (project `acme-ml-dev`, region `europe-west4`) and returns its synthesized Terraform JSON. */
export function synthGcpStack(build: (stack: TerraformStack) => void): StackJson {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  gcpProvider(stack, 'google', { project: 'acme-ml-dev', region: 'europe-west4', labels: { owner: 'test', 'cost-center': 'cc', environment: 'test' } });
  build(stack);
  return JSON.parse(Testing.synth(stack)) as StackJson;
}

/** Every resource of one type, by logical name. */
export function resourcesOf(stack: StackJson, type: string): Record<string, any>[] {
  return Object.values(stack.resource?.[type] ?? {}) as Record<string, any>[];
}

/** The single resource of a type; fails when there is not exactly one. */
export function only(stack: StackJson, type: string): Record<string, any> {
  const resources = resourcesOf(stack, type);
  if (resources.length !== 1) throw new Error(`expected exactly one ${type}, found ${resources.length}`);
  return resources[0]!;
}

/** The Terraform reference to a resource attribute, as it appears in synthesized JSON. */
export function refTo(stack: StackJson, type: string, attribute: string): string {
  const names = Object.keys(stack.resource?.[type] ?? {});
  if (names.length !== 1) throw new Error(`expected exactly one ${type}, found ${names.length}`);
  return `\${${type}.${names[0]}.${attribute}}`;
}

/** Parses an IAM policy document written into the JSON. */
export function policyOf(resource: Record<string, any>, attribute = 'policy'): { Statement: Record<string, any>[] } {
  return JSON.parse(resource[attribute] as string) as { Statement: Record<string, any>[] };
}
