import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvironmentHint } from '../../policies/engine/environment';
import { ruleContext } from '../../policies/engine/evaluate';
import type { ResourceGraph } from '../../policies/engine/graph';
import { loadInput } from '../../policies/engine/inputs';
import type { ResourceRule, Verdict } from '../../policies/engine/rule';

/** Writes files into a fresh directory and returns its path. */
export function writeFixture(files: Readonly<Record<string, string>>): string {
  const directory = mkdtempSync(join(tmpdir(), 'plinth-policy-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text);
  return directory;
}

/** Loads HCL source as one Terraform module. */
export async function moduleFromHcl(hcl: string): Promise<ResourceGraph> {
  const [graph] = await loadInput(writeFixture({ 'main.tf': hcl }));
  return graph!;
}

/** A rule's verdict on one resource of a graph. */
export function verdict(rule: ResourceRule, graph: ResourceGraph, address: string, environment?: EnvironmentHint): Verdict {
  const resource = graph.resource(address);
  if (!resource) throw new Error(`no resource ${address} in ${graph.stack}`);
  return rule.check(resource, ruleContext(graph, environment));
}
