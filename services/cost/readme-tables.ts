import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { estimateCost } from './estimate';
import type { CostReport } from './model';
import { environmentMarkdown } from './render/markdown';
import { readSynthesizedStacks } from './stack-input';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The README's idle-cost tables: the `dev` environment of the config behind each blueprint and cloud. */
export const README_COST_TABLES: ReadonlyArray<{ readonly table: string; readonly config: string }> = [
  { table: 'startup-aws', config: 'platform.yaml' },
  { table: 'realtime-aws', config: 'examples/realtime.yaml' },
  { table: 'llm-rag-aws', config: 'examples/llm-rag.yaml' },
  { table: 'startup-gcp', config: 'examples/startup-gcp.yaml' },
  { table: 'realtime-gcp', config: 'examples/realtime-gcp.yaml' },
  { table: 'llm-rag-gcp', config: 'examples/llm-rag-gcp.yaml' },
];

export const README_ENVIRONMENT = 'dev';

/** What stands between `<!-- cost-table:<table>:start -->` and its end marker. */
export function readmeCostTable(report: CostReport): string {
  const env = report.environments.find((candidate) => candidate.name === README_ENVIRONMENT);
  if (!env) throw new Error(`the report has no ${README_ENVIRONMENT} environment`);
  return environmentMarkdown(env, report);
}

/** The README's current text of a table, undefined when its markers are missing. */
export function readmeBlock(readme: string, table: string): string | undefined {
  return blockPattern(table).exec(readme)?.[2];
}

export function replaceReadmeBlock(readme: string, table: string, text: string): string {
  if (readmeBlock(readme, table) === undefined) throw new Error(`README.md has no <!-- cost-table:${table}:start --> ... end markers`);
  return readme.replace(blockPattern(table), (_all, start: string, _old: string, end: string) => `${start}${text}${end}`);
}

function blockPattern(table: string): RegExp {
  return new RegExp(`(<!-- cost-table:${table}:start -->\\n)([\\s\\S]*?)(\\n<!-- cost-table:${table}:end -->)`);
}

/**
 * Synthesizes a config of the repository in this process into a fresh folder and returns the folder.
 * cdktf loads here, never in `plinth cost`, which only reads what synth wrote.
 */
export function synthConfig(config: string): string {
  // Required here, not imported: the CLI's cost command loads this file's siblings and must stay free of cdktf.
  const { loadConfig } = require('../../core/config/load') as typeof import('../../core/config/load');
  const { buildPlatformApp } = require('../../stacks/platform-app') as typeof import('../../stacks/platform-app');
  const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-cost-')), 'cdktf.out');
  buildPlatformApp(loadConfig(path.join(REPO_ROOT, config)), outdir).synth();
  return outdir;
}

// `npx tsx services/cost/readme-tables.ts` rewrites the README's tables after a price or blueprint change.
if (require.main === module) {
  const file = path.join(REPO_ROOT, 'README.md');
  let readme = readFileSync(file, 'utf8');
  for (const { table, config } of README_COST_TABLES) readme = replaceReadmeBlock(readme, table, readmeCostTable(estimateCost(readSynthesizedStacks(synthConfig(config)))));
  writeFileSync(file, readme);
}
