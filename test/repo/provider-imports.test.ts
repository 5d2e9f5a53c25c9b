import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/synth';

const SOURCE_FOLDERS = ['stacks', 'constructs', 'blueprints', 'services', 'policies', 'bench', 'test', 'bin'];
/** A provider package imported by its root (the barrel): ~8 s and 1.4 GB per process here. */
/** The benchmark's naive baseline imports barrels on purpose, to measure what they cost. */
const DELIBERATE_BARRELS = new Set([path.join('bench', 'naive-barrel-imports.cjs')]);
const BARREL_IMPORT = /(?:from\s+|require\(\s*|import\(\s*)['"]@cdktf\/provider-[a-z0-9-]+['"]/;

function sourceFiles(folder: string): string[] {
  const full = path.join(REPO_ROOT, folder);
  let entries: string[];
  try {
    entries = readdirSync(full);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const file = path.join(full, entry);
    if (statSync(file).isDirectory()) return entry === 'node_modules' ? [] : sourceFiles(path.join(folder, entry));
    return /\.(ts|js|cjs|mjs)$/.test(entry) ? [path.join(folder, entry)] : [];
  });
}

describe('provider imports', () => {
  const files = SOURCE_FOLDERS.flatMap(sourceFiles);

  it('scans the project’s sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('import each provider resource by its deep path, never through the package barrel', () => {
    const offenders = files.filter((file) => !DELIBERATE_BARRELS.has(file)).flatMap((file) =>
      readFileSync(path.join(REPO_ROOT, file), "utf8")
        .split('\n')
        .map((line, index) => ({ line, number: index + 1 }))
        .filter(({ line }) => BARREL_IMPORT.test(line))
        .map(({ line, number }) => `${file}:${number}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the check itself recognises a barrel import and accepts a deep one', () => {
    // Built from parts so this file does not trip its own scan.
    const barrel = ['@cdktf', 'provider-aws'].join('/');
    expect(BARREL_IMPORT.test(`import { S3Bucket } from '${barrel}';`)).toBe(true);
    expect(BARREL_IMPORT.test(`const aws = require('${barrel}')`)).toBe(true);
    expect(BARREL_IMPORT.test("import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';")).toBe(false);
  });
});
