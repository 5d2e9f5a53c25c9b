import { TerraformResource } from 'cdktf';
import type { IConstruct } from 'constructs';
import { relative } from 'node:path';

/**
 * Records, in each resource's `//` metadata (`//.plinth_source`), the TypeScript line that built it:
 * call `recordSource(this)` at the end of a construct's constructor. Code scanning then shows the
 * construct's source next to the synthesized JSON. (cdktf 0.21 writes no stack traces into
 * cdk.tf.json, so the engine cannot find the source by itself.) The innermost construct wins: a
 * resource that already has a source keeps it.
 */
export function recordSource(construct: IConstruct, root: string = process.cwd()): void {
  const caller = callerLocation(root);
  if (!caller) return;
  for (const node of construct.node.findAll()) {
    if (!TerraformResource.isTerraformResource(node) || recorded.has(node)) continue;
    recorded.add(node);
    node.addOverride('//.plinth_source', caller);
  }
}

const recorded = new WeakSet<TerraformResource>();

/** `constructs/aws/artifact-store.ts:42`: the first frame outside this file and node_modules. */
function callerLocation(root: string): string | undefined {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  for (const frame of frames) {
    const match = /\(?((?:\/|[A-Za-z]:\\)[^\s()]+\.[cm]?[tj]s):(\d+):\d+\)?\s*$/.exec(frame.trim());
    if (!match || match[1] === __filename || match[1]!.includes('node_modules')) continue;
    return `${relative(root, match[1]!)}:${match[2]}`;
  }
  return undefined;
}
