import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PolicyInputError, parseJson } from './errors';
import { ResourceGraph } from './graph';
import { loadCdktfOutput, loadSynthesizedStack } from './loaders/cdktf';
import { isTerraformFile, loadTerraformDirectory, loadTerraformFile, readText } from './loaders/hcl';
import { isPlan, loadPlan } from './loaders/plan';
import type { ModuleSource } from './model';

/**
 * What a path given to `plinth policy check` is, decided from the path itself:
 *
 * | path                                       | read as                            |
 * | ------------------------------------------ | ---------------------------------- |
 * | directory with `manifest.json`             | cdktf output, one graph per stack  |
 * | directory with `*.tf` / `*.tf.json`        | one Terraform module               |
 * | `*.json` with `format_version` + `planned_values` | `terraform show -json` plan |
 * | `cdk.tf.json`                              | one synthesized stack              |
 * | `*.tf` / `*.tf.json`                       | one Terraform file                 |
 */
export async function loadInput(path: string): Promise<ResourceGraph[]> {
  return (await loadSources(path)).map((source) => new ResourceGraph(source));
}

async function loadSources(path: string): Promise<ModuleSource[]> {
  if (!existsSync(path)) throw new PolicyInputError(path, 'no such file or directory');
  if (statSync(path).isDirectory()) {
    if (existsSync(join(path, 'manifest.json'))) return loadCdktfOutput(path);
    if (readdirSync(path).some(isTerraformFile)) return [await loadTerraformDirectory(path)];
    throw new PolicyInputError(path, 'neither a cdktf output folder (manifest.json) nor a directory of *.tf / *.tf.json files');
  }
  const name = basename(path);
  if (name === 'manifest.json') return loadCdktfOutput(dirname(path));
  if (name === 'cdk.tf.json') return [loadSynthesizedStack(basename(dirname(path)), path, readText(path))];
  if (name.endsWith('.tf') || name.endsWith('.tf.json')) return [await loadTerraformFile(path)];
  if (name.endsWith('.json')) {
    const document = parseJson(path, readText(path));
    if (isPlan(document)) return [loadPlan(path, document)];
    throw new PolicyInputError(path, 'a JSON input must be a plan (terraform show -json: format_version and planned_values) or a *.tf.json file');
  }
  throw new PolicyInputError(path, 'not a Terraform input: expected a cdktf.out folder, a directory of .tf files, a .tf / .tf.json file or a plan JSON');
}
