import { TerraformResource } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { InlineSuppression } from './model';
import { isIsoDate } from './suppressions';

/**
 * Accepts a finding in code, next to the construct it concerns. The suppression is written into the
 * resource's `//` metadata in cdk.tf.json (`//.plinth_suppressions`), where the engine reads it, so
 * it travels with the synthesized output to CI. A reason is mandatory; an expiry date makes the
 * finding come back on its own.
 *
 * Called on a higher-level construct, it applies to every Terraform resource beneath it.
 */
export function suppress(construct: IConstruct, ruleId: string, reason: string, options: { readonly expires?: string } = {}): void {
  if (!/^PLN-[A-Z0-9]+-\d{3}$/.test(ruleId)) throw new Error(`suppress: "${ruleId}" is not a rule id such as PLN-AWS-001`);
  if (reason.trim() === '') throw new Error(`suppress(${ruleId}): a reason is required: say why the finding is acceptable`);
  if (options.expires !== undefined && !isIsoDate(options.expires)) {
    throw new Error(`suppress(${ruleId}): expires must be a date such as "2025-12-31", not "${options.expires}"`);
  }
  const resources = construct.node.findAll().filter((node): node is TerraformResource => TerraformResource.isTerraformResource(node));
  if (resources.length === 0) throw new Error(`suppress(${ruleId}): ${construct.node.path} contains no Terraform resource`);
  const suppression: InlineSuppression = { rule: ruleId, reason: reason.trim(), ...(options.expires ? { expires: options.expires } : {}) };
  for (const resource of resources) {
    const list = [...(written.get(resource) ?? []).filter((existing) => existing.rule !== ruleId), suppression];
    written.set(resource, list);
    resource.addOverride('//.plinth_suppressions', list);
  }
}

/** Suppressions already written per resource: an override replaces the whole list, so keep it here. */
const written = new WeakMap<TerraformResource, InlineSuppression[]>();
