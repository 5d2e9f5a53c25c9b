import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { chartCatalogueTable } from '../../../../constructs/k8s/helm/catalogue-table';
import { registerHelmCommands } from '../../../../services/cli/helm-commands';
import { runCommands } from '../../../../services/cli/run-commands';

/** Runs `plinth helm …` in this process, as main.ts registers it, and returns what it printed. */
async function plinthHelm(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const program = new Command('plinth');
  registerHelmCommands(program);
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  try {
    const code = await runCommands(program, ['helm', ...args]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('plinth helm charts', () => {
  it('prints the catalogue table', async () => {
    expect(await plinthHelm(['charts'])).toEqual({ code: 0, stdout: `${chartCatalogueTable()}\n`, stderr: '' });
  });

  it('--write rewrites the table of the README given', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-readme-')), 'README.md');
    writeFileSync(file, 'Charts:\n<!-- charts:start -->\n<!-- charts:end -->\n');
    expect(await plinthHelm(['charts', '--write', file])).toEqual({ code: 0, stdout: `${file}: chart catalogue written\n`, stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe(`Charts:\n<!-- charts:start -->\n${chartCatalogueTable()}\n<!-- charts:end -->\n`);
  });

  it('exits 2 with one line, not a stack trace, when the README has no markers', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-readme-')), 'README.md');
    writeFileSync(file, '# nothing here\n');
    const run = await plinthHelm(['charts', '--write', file]);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `${file}: no <!-- charts:start --> … <!-- charts:end --> block to write the chart catalogue into; add both markers where the table belongs\n` });
  });
});
