import { TerraformResource } from 'cdktf';
import { Node } from 'constructs';
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Makes every Terraform resource created from now on write, in its `//` metadata
 * (`//.plinth_source`), the TypeScript line that created it: the line of its own `new`, so code
 * scanning points at the resource rather than at its construct. Call it once, before building the
 * app. Resources built in a helper function or a loop point at the helper's line.
 *
 * cdktf 0.21 still asks for a stack trace of every element (`node.addMetadata("stacktrace", ...)`),
 * but constructs 10 no longer captures one by default, and a whole trace per resource would bloat
 * cdk.tf.json: this takes that call as the hook and keeps one line.
 */
export function recordResourceSources(root: string = process.cwd()): void {
  if (installed) return;
  installed = true;
  const addMetadata = Node.prototype.addMetadata;
  Node.prototype.addMetadata = function (this: Node, type, data, options) {
    addMetadata.call(this, type, data, options);
    if (type !== 'stacktrace') return;
    // The element is already its scope's child; `instanceof` holds inside the base constructor.
    const element = this.scope?.node.tryFindChild(this.id);
    // Data sources are left out: cdktf replaces their `//` metadata instead of merging it.
    if (!(element instanceof TerraformResource)) return;
    const location = creatingLine(root);
    if (location) element.addOverride('//.plinth_source', location);
  };
}

/**
 * Constructs that only emit what their caller built (a Kubernetes object wrapper): resources they
 * create point at the line that created the construct. Call it at the top of the construct's file.
 */
export function attributeResourcesToCaller(): void {
  // The caller's file as stack traces spell it: the TypeScript source, also when running compiled
  // JavaScript with source maps (where `__filename` would name the .js file).
  const [, caller] = framesOf(new Error().stack);
  if (caller) passThroughFiles.add(caller.file);
}

let installed = false;
const passThroughFiles = new Set<string>();

/**
 * V8's default: enough to step over cdktf's and the provider's constructors (4 frames) and a few
 * pass-through constructs. Each frame costs source-map work, so no more (about 0.1 ms a resource).
 */
const FRAMES = 10;

/** `constructs/aws/vpc-network.ts:42`: the first frame outside this file, node_modules and pass-through constructs. */
function creatingLine(root: string): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = FRAMES;
  const frames = framesOf(new Error().stack);
  Error.stackTraceLimit = limit;
  // The first frame is this function, in this file as stack traces spell it.
  const self = frames[0]?.file;
  const creator = frames.find(({ file }) => file !== self && !file.includes('node_modules') && !passThroughFiles.has(file));
  return creator && `${relative(root, creator.file)}:${creator.line}`;
}

/** The file and line of each frame of a stack trace that names a file, in the TypeScript source where a compiled file has a map. */
function framesOf(stack: string | undefined): { file: string; line: string }[] {
  return (stack ?? '').split('\n').flatMap((frame) => {
    const match = /\(?((?:\/|[A-Za-z]:\\)[^\s()]+\.[cm]?[tj]s):(\d+):(\d+)\)?\s*$/.exec(frame.trim());
    return match ? [originalPosition(match[1]!, Number(match[2]), Number(match[3]))] : [];
  });
}

/**
 * Maps a position in compiled JavaScript (dist/, built with linked source maps) to its TypeScript
 * line. Done here, one frame at a time, rather than with Node's --enable-source-maps: that makes
 * Node parse the inline source map of every provider module it loads, about 0.7 s of a synth.
 */
function originalPosition(file: string, line: number, column: number): { file: string; line: string } {
  const map = file.endsWith('.js') && !file.includes('node_modules') ? sourceMapOf(file) : undefined;
  const entry = map?.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number } | undefined;
  if (!entry?.originalSource || entry.originalLine === undefined) return { file, line: String(line) };
  const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : resolve(dirname(file), entry.originalSource);
  return { file: source, line: String(entry.originalLine + 1) };
}

const sourceMaps = new Map<string, SourceMap | undefined>();

function sourceMapOf(file: string): SourceMap | undefined {
  if (!sourceMaps.has(file)) {
    let map: SourceMap | undefined;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMapPayload);
    } catch {
      map = undefined;
    }
    sourceMaps.set(file, map);
  }
  return sourceMaps.get(file);
}
