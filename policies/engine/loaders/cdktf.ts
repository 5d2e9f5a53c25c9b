import { join } from 'node:path';
import { PolicyInputError, parseJson } from '../errors';
import type { Attributes, ModuleSource } from '../model';
import { isObject } from '../values';
import { readText } from './hcl';
import { jsonDeclarationLines } from './locations';
import { moduleFromDocuments } from './terraform-json';

/**
 * A cdktf output folder: `manifest.json` names every stack and its `cdk.tf.json`. Each stack is its
 * own root module, so each becomes its own graph.
 */
export function loadCdktfOutput(directory: string): ModuleSource[] {
  const manifestFile = join(directory, 'manifest.json');
  const manifest = parseJson(manifestFile, readText(manifestFile));
  const stacks = isObject(manifest) && isObject(manifest.stacks) ? manifest.stacks : undefined;
  if (!stacks) throw new PolicyInputError(manifestFile, 'not a cdktf manifest: "stacks" is missing');
  return Object.entries(stacks).map(([name, entry]) => {
    const path = isObject(entry) && typeof entry.synthesizedStackPath === 'string' ? entry.synthesizedStackPath : undefined;
    if (!path) throw new PolicyInputError(manifestFile, `stack "${name}" has no synthesizedStackPath`);
    const file = join(directory, path);
    return loadSynthesizedStack(name, file, readText(file));
  });
}

/** One stack's `cdk.tf.json` text. */
export function loadSynthesizedStack(stack: string, file: string, text: string): ModuleSource {
  const body = parseJson(file, text);
  if (!isObject(body)) throw new PolicyInputError(file, 'a cdk.tf.json file must hold a JSON object');
  return stackSource(stack, file, body, jsonDeclarationLines(text));
}

/** A stack's configuration as `TerraformStack.toTerraform()` returns it, for synth-time checks. */
export function stackSource(stack: string, file: string, body: Attributes, lines: ReadonlyMap<string, number> = new Map()): ModuleSource {
  return moduleFromDocuments(stack, file, [{ file, body, lines }]);
}
