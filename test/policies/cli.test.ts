import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_BAD_INPUT, EXIT_FINDINGS, UserFacingError } from '../../core/exit-codes';
import { runCheck } from '../../policies/check-command';
import { registerPolicyCommands } from '../../policies/cli';
import { writeFixture } from './helpers';

const OPEN_SSH = `
resource "aws_security_group" "bastion" {
  description = "bastion"
  ingress {
    description = "ssh"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;
const CLOSED = 'resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n  policy = "{\\"Statement\\": []}"\n}\n';

function captureStdout(): { text: () => string; restore: () => void } {
  let text = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += chunk.toString();
    return true;
  });
  return { text: () => text, restore: () => spy.mockRestore() };
}

const TEXT = { format: 'text', failOn: 'high' } as const;

describe('plinth policy check', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  test('exits 1 when a finding reaches --fail-on, 0 when none does', async () => {
    const out = captureStdout();
    try {
      const directory = writeFixture({ 'main.tf': OPEN_SSH });
      expect(await runCheck([directory], TEXT)).toBe(EXIT_FINDINGS);
      expect(await runCheck([directory], { ...TEXT, pack: ['finops'] })).toBe(0);
      expect(await runCheck([writeFixture({ 'main.tf': CLOSED })], { ...TEXT, failOn: 'critical' })).toBe(0);
    } finally {
      out.restore();
    }
    expect(out.text()).toContain('CRITICAL PLN-AWS-027');
  });

  test('writes the report to --output in the chosen format', async () => {
    const directory = writeFixture({ 'main.tf': OPEN_SSH });
    const output = join(directory, 'report.sarif');
    expect(await runCheck([directory], { format: 'sarif', failOn: 'critical', output })).toBe(EXIT_FINDINGS);
    expect(JSON.parse(readFileSync(output, 'utf8')).version).toBe('2.1.0');
  });

  test('reads a suppressions file and stops failing on what it suppresses', async () => {
    const directory = writeFixture({
      'main.tf': OPEN_SSH,
      'suppressions.yaml': 'suppressions:\n  - rule: PLN-AWS-027\n    resource: aws_security_group.bastion\n    reason: break-glass bastion, closed by an SCP\n',
    });
    const out = captureStdout();
    try {
      expect(await runCheck([join(directory, 'main.tf')], { ...TEXT, failOn: 'critical', suppressions: join(directory, 'suppressions.yaml') })).toBe(0);
    } finally {
      out.restore();
    }
    expect(out.text()).toContain('[suppressed: break-glass bastion, closed by an SCP]');
  });

  test('bad input is a UserFacingError with exit code 2 naming the file and position', async () => {
    const directory = writeFixture({ 'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n' });
    const failure = runCheck([directory], TEXT);
    await expect(failure).rejects.toBeInstanceOf(UserFacingError);
    await expect(runCheck([directory], TEXT)).rejects.toMatchObject({ exitCode: EXIT_BAD_INPUT, message: expect.stringMatching(/main\.tf:2:\d+: invalid HCL/) });
  });

  test('an unknown pack is bad input', async () => {
    await expect(runCheck(['.'], { ...TEXT, pack: ['nope'] })).rejects.toMatchObject({ exitCode: EXIT_BAD_INPUT, message: expect.stringContaining('no such pack') });
  });

  test('is wired into commander: flags parsed, exit code set', async () => {
    const program = new Command('plinth').exitOverride();
    registerPolicyCommands(program);
    const directory = writeFixture({ 'main.tf': OPEN_SSH });
    const out = captureStdout();
    try {
      await program.parseAsync(['policy', 'check', directory, '--format', 'json', '--fail-on', 'critical'], { from: 'user' });
    } finally {
      out.restore();
    }
    expect(process.exitCode).toBe(EXIT_FINDINGS);
    expect(JSON.parse(out.text()).summary.blocking).toBe(1);
  });

  test('refuses an unknown format', async () => {
    const program = new Command('plinth').exitOverride().configureOutput({ writeErr: () => undefined });
    registerPolicyCommands(program);
    await expect(program.parseAsync(['policy', 'check', '--format', 'pdf'], { from: 'user' })).rejects.toThrow(/Allowed choices are text, json, sarif, markdown, junit/);
  });
});

describe('plinth policy rules', () => {
  test('prints the catalogue', async () => {
    const program = new Command('plinth').exitOverride();
    registerPolicyCommands(program);
    const out = captureStdout();
    try {
      await program.parseAsync(['policy', 'rules'], { from: 'user' });
    } finally {
      out.restore();
    }
    expect(out.text()).toMatch(/^PLN-AWS-001 +high +S3 buckets have a public access block \[CKV2_AWS_6\]$/m);
  });
});
