import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PolicyInputError, parseJson } from '../errors';
import type { Attributes, ModuleSource } from '../model';
import { isObject } from '../values';
import { hclDeclarationLines, jsonDeclarationLines } from './locations';
import { moduleFromDocuments, type TerraformDocument } from './terraform-json';

/**
 * Plain Terraform: a directory read as Terraform reads a module (every `*.tf` and `*.tf.json` in it,
 * not its subdirectories), or a single file. HCL goes through @cdktf/hcl2json (Terraform's own
 * parser compiled to WebAssembly), which yields the JSON syntax the shared converter reads.
 */

type Hcl2Json = typeof import('@cdktf/hcl2json');
let hcl2json: Promise<Hcl2Json> | undefined;

/** The parser compiles and starts a WebAssembly module on import: load it only when HCL is read. */
function parse(file: string, text: string): ReturnType<Hcl2Json['parse']> {
  hcl2json ??= import('@cdktf/hcl2json');
  return hcl2json.then((module) => module.parse(file, text));
}

export function isTerraformFile(name: string): boolean {
  return name.endsWith('.tf') || name.endsWith('.tf.json');
}

export async function loadTerraformDirectory(directory: string): Promise<ModuleSource> {
  const files = readdirSync(directory)
    .filter((name) => isTerraformFile(name) && statSync(join(directory, name)).isFile())
    .sort();
  const documents = await Promise.all(files.map((name) => readDocument(join(directory, name))));
  return moduleFromDocuments(basename(directory), directory, documents);
}

export async function loadTerraformFile(file: string): Promise<ModuleSource> {
  return moduleFromDocuments(basename(file), file, [await readDocument(file)]);
}

async function readDocument(file: string): Promise<TerraformDocument> {
  const text = readText(file);
  if (file.endsWith('.tf.json')) {
    const body = parseJson(file, text);
    if (!isObject(body)) throw new PolicyInputError(file, 'a .tf.json file must hold a JSON object');
    return { file, body, lines: jsonDeclarationLines(text) };
  }
  const body = await parseHcl(file, text);
  return { file, body: await evaluateLiterals(file, body), lines: hclDeclarationLines(text) };
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyInputError(file, `cannot read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function parseHcl(file: string, text: string): Promise<Attributes> {
  try {
    return (await parse(file, text)) as Attributes;
  } catch (error) {
    // hcl2json reports "parse config: [file:LINE,COL-...: Summary; Detail]".
    const message = error instanceof Error ? error.message : String(error);
    const located = /:(\d+),(\d+)-[\d,]*: ([^\]]*)/.exec(message);
    if (!located) throw new PolicyInputError(file, `invalid HCL: ${message}`);
    throw new PolicyInputError(file, `invalid HCL: ${located[3]}`, { line: Number(located[1]), column: Number(located[2]) });
  }
}

const JSONENCODE = /^\$\{jsonencode\(([\s\S]*)\)\}$/;
/** Python-style booleans: Terraform rejects them, Checkov reads them as booleans; read them as meant. */
const PYTHON_BOOLEANS: Readonly<Record<string, boolean>> = { '${True}': true, '${False}': false };

/**
 * `policy = jsonencode({ ... })` arrives as the raw expression. A literal object is parsed as HCL and
 * encoded, so policy rules see the JSON Terraform would send; anything else stays an expression.
 */
async function evaluateLiterals(file: string, value: Attributes): Promise<Attributes> {
  return (await evaluate(value)) as Attributes;

  async function evaluate(node: unknown): Promise<unknown> {
    if (typeof node === 'string') {
      if (node in PYTHON_BOOLEANS) return PYTHON_BOOLEANS[node];
      const match = JSONENCODE.exec(node);
      if (!match) return node;
      try {
        const parsed = await parse(file, `value = ${match[1]!.trim()}\n`);
        return 'value' in parsed ? JSON.stringify(parsed.value) : node;
      } catch {
        return node;
      }
    }
    if (Array.isArray(node)) return Promise.all(node.map(evaluate));
    if (isObject(node)) {
      const entries = await Promise.all(Object.entries(node).map(async ([key, child]) => [key, await evaluate(child)] as const));
      return Object.fromEntries(entries);
    }
    return node;
  }
}
