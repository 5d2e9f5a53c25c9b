import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface StackSummary {
  readonly name: string;
  readonly resources: number;
  readonly dataSources: number;
  readonly outputs: number;
}

interface Manifest {
  readonly stacks: Record<string, { readonly synthesizedStackPath: string }>;
}

type Blocks = Record<string, Record<string, unknown>> | undefined;

/** Counts what each synthesized stack declares, from the manifest cdktf writes. */
export function summarizeSynth(outdir: string): StackSummary[] {
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as Manifest;
  return Object.entries(manifest.stacks).map(([name, stack]) => {
    const json = JSON.parse(readFileSync(path.join(outdir, stack.synthesizedStackPath), 'utf8')) as {
      resource?: Blocks;
      data?: Blocks;
      output?: Record<string, unknown>;
    };
    return { name, resources: countBlocks(json.resource), dataSources: countBlocks(json.data), outputs: Object.keys(json.output ?? {}).length };
  });
}

export function formatSummary(summaries: readonly StackSummary[], outdir: string): string {
  const width = Math.max(5, ...summaries.map((s) => s.name.length));
  const rows = summaries.map((s) => `  ${s.name.padEnd(width)}  ${String(s.resources).padStart(9)}  ${String(s.dataSources).padStart(12)}  ${String(s.outputs).padStart(7)}`);
  const total = summaries.reduce((sum, s) => sum + s.resources, 0);
  return [
    `Plinth synthesized ${summaries.length} stacks (${total} resources) into ${outdir}:`,
    `  ${'stack'.padEnd(width)}  resources  data sources  outputs`,
    ...rows,
  ].join('\n');
}

function countBlocks(blocks: Blocks): number {
  return Object.values(blocks ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
}
