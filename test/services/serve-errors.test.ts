import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { EXIT_BAD_INPUT, EXIT_UNAVAILABLE } from '../../core/exit-codes';
import { runCommands } from '../../services/cli/run-commands';
import { EmbeddedDatabase } from '../../services/kit/database/embedded-database';
import { freePort } from '../support/free-port';
import { runPlinth, type PlinthRun } from '../support/plinth-cli';

const PASSWORD = 'hunter2-do-not-print';
const STACK_FRAME = /^\s+at /m;

/** What every infrastructure error looks like: exit code 3, one stderr line, no stack, no password. */
function expectOneLine(run: PlinthRun, line: RegExp): void {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: EXIT_UNAVAILABLE, stderr: expect.stringMatching(line) });
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(run.stdout + run.stderr).not.toContain(PASSWORD);
}

describe('plinth <service> serve: an environment that is not ready', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'plinth-serve-errors-'));
  // A path under a regular file cannot be created even by root, for whom chmod does not stop writes.
  const aFile = path.join(work, 'a-file');
  writeFileSync(aFile, 'not a folder');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  describe('a port in use', () => {
    let listener: Server;
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      listener = createServer();
      await new Promise<void>((resolve) => listener.listen(port, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

    it.each([
      ['tracking', ['--artifacts', path.join(work, 'artifacts')]],
      ['drift', []],
    ])('%s serve names the address and says what to do', async (service, extra) => {
      const run = await runPlinth([service, 'serve', '--port', String(port), '--database-url', 'memory:', ...extra]);
      expectOneLine(run, new RegExp(`^plinth ${service} serve: cannot listen on 127\\.0\\.0\\.1:${port} \\(address already in use\\): stop what uses port ${port} or choose another --port\\n$`));
    });
  });

  it('a PostgreSQL port nothing listens on: connection refused, no password', async () => {
    const port = await freePort();
    const run = await runPlinth(['tracking', 'serve', '--port', '0', '--database-url', `postgres://ml:${PASSWORD}@127.0.0.1:${port}/mlflow`, '--artifacts', path.join(work, 'artifacts')]);
    expectOneLine(run, new RegExp(`^plinth tracking serve: cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port}/mlflow \\(connection refused\\): check --database-url and that the server is running\\n$`));
  });

  it('a PostgreSQL host that does not exist: the name lookup failed', async () => {
    // .invalid never resolves (RFC 6761); offline, the lookup fails instead of answering "no such host".
    const run = await runPlinth(['drift', 'serve', '--port', '0', '--database-url', `postgres://ml:${PASSWORD}@db.plinth.invalid:5432/drift`]);
    expectOneLine(run, /^plinth drift serve: cannot connect to PostgreSQL at db\.plinth\.invalid:5432\/drift \((host not found|host name lookup failed)\): check --database-url/);
  });

  it.each([
    ['tracking', ['--artifacts', 'artifacts']],
    ['drift', []],
  ])('%s serve: an embedded store folder that cannot be created names the folder and the flag', async (service, extra) => {
    const folder = path.join(aFile, 'db');
    const run = await runPlinth([service, 'serve', '--port', '0', '--database-url', folder, ...extra], { cwd: work });
    expectOneLine(run, new RegExp(`^plinth ${service} serve: cannot use ${folder} for the embedded database \\(a parent is a file, not a folder\\): choose a folder this user can write to with --database-url\\n$`));
  });

  it('tracking serve: an artifacts folder that cannot be created names the folder and --artifacts', async () => {
    const folder = path.join(aFile, 'artifacts');
    const run = await runPlinth(['tracking', 'serve', '--port', '0', '--database-url', 'memory:', '--artifacts', folder]);
    expectOneLine(run, new RegExp(`^plinth tracking serve: cannot write to ${folder} \\(a parent is a file, not a folder\\): choose a folder this user can write to with --artifacts\\n$`));
  });

  it('tracking serve: an artifacts URL with an unknown scheme is bad input (exit 2), in one line', async () => {
    const run = await runPlinth(['tracking', 'serve', '--port', '0', '--database-url', 'memory:', '--artifacts', `ftp://ml:${PASSWORD}@files.example/artifacts`]);
    expect(run.code).toBe(EXIT_BAD_INPUT);
    expect(run.stderr).toBe('plinth tracking serve: artifact location ftp://…: unknown scheme; expected s3://bucket/prefix, gs://bucket/prefix, file:///folder or a folder\n');
  });

  it('--verbose adds the stack trace behind the line', async () => {
    const port = await freePort();
    const run = await runPlinth(['tracking', 'serve', '--verbose', '--port', '0', '--database-url', `postgres://ml:${PASSWORD}@127.0.0.1:${port}/mlflow`, '--artifacts', path.join(work, 'artifacts')]);
    expect(run.code).toBe(EXIT_UNAVAILABLE);
    expect(run.stderr.split('\n')[0]).toMatch(/^plinth tracking serve: cannot connect to PostgreSQL .* \(connection refused\)/);
    expect(run.stderr).toMatch(STACK_FRAME);
    expect(run.stderr).toContain('ECONNREFUSED');
    expect(run.stderr).not.toContain(PASSWORD);
  });
});

describe('an unexpected error (a bug)', () => {
  function failingProgram(): Command {
    const program = new Command('plinth');
    program.command('explode').action(() => {
      throw new TypeError('cannot read properties of undefined\nsecond line of detail');
    });
    return program;
  }

  async function stderrOf(argv: string[]): Promise<{ code: number; stderr: string }> {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await runCommands(failingProgram(), argv);
      return { code, stderr: write.mock.calls.map(([chunk]) => String(chunk)).join('') };
    } finally {
      write.mockRestore();
    }
  }

  it('is one line that says how to see more, exit code 1', async () => {
    expect(await stderrOf(['explode'])).toEqual({ code: 1, stderr: 'plinth: unexpected error: cannot read properties of undefined (rerun with --verbose for details)\n' });
  });

  it('with --verbose, is the stack trace', async () => {
    const { code, stderr } = await stderrOf(['explode', '--verbose']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^plinth: unexpected error: TypeError: cannot read properties of undefined\nsecond line of detail\n/);
    expect(stderr).toMatch(STACK_FRAME);
  });
});

describe('the embedded store', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'plinth-embedded-folder-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('creates its whole folder path, readable by this user only', async () => {
    const db = new EmbeddedDatabase({ dataDir: path.join(work, '.plinth', 'tracking', 'db') });
    try {
      expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
    for (const folder of ['.plinth', '.plinth/tracking', '.plinth/tracking/db']) {
      expect({ folder, mode: (statSync(path.join(work, folder)).mode & 0o777).toString(8) }).toEqual({ folder, mode: '700' });
    }
  });
});
