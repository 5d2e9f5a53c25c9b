import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { requireTools, skipOrFailInCi } from './tools';

export const TERRAFORM_TOOL = { command: 'terraform', install: 'https://developer.hashicorp.com/terraform/install' } as const;

/** Where the image keeps its Terraform provider mirror; PLINTH_TF_MIRROR overrides. */
const MIRROR_CANDIDATES = [process.env.PLINTH_TF_MIRROR, '/opt/tf-plugins', '/usr/share/terraform/plugins'].filter((p): p is string => !!p);

export function providerMirror(): string | undefined {
  return MIRROR_CANDIDATES.find((root) => existsSync(path.join(root, 'registry.terraform.io', 'hashicorp', 'aws')));
}

/**
 * Terraform, the offline AWS provider mirror and any other tools a test needs: the mirror's root
 * when all are here, undefined (SKIPPED, or a failure in CI) when not.
 */
export function requireTerraformWithMirror(otherTools: Parameters<typeof requireTools>[0] = []): string | undefined {
  if (!requireTools([TERRAFORM_TOOL, ...otherTools]).available) return undefined;
  const mirror = providerMirror();
  if (!mirror) skipOrFailInCi('no Terraform provider mirror with hashicorp/aws found (set PLINTH_TF_MIRROR)');
  return mirror;
}

/**
 * A Terraform CLI config that installs providers only from the local filesystem mirror, so
 * `terraform init` works offline and never reaches a registry.
 */
export function offlineCliConfig(mirror: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-tfrc-')), 'terraform.rc');
  writeFileSync(
    file,
    `provider_installation {\n  filesystem_mirror {\n    path    = "${mirror}"\n    include = ["registry.terraform.io/*/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n`,
  );
  return file;
}

export interface RunResult {
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
}

/** Runs terraform in a stack folder; never throws on a non-zero exit, the caller asserts. */
export function terraform(cwd: string, args: readonly string[], cliConfig: string): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [...args, '-no-color'], {
      cwd,
      env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_INPUT: '0' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output, seconds: (Date.now() - started) / 1000 }));
  });
}

/** The last lines of a command's output, for assertion messages. */
export function tail(output: string, lines = 40): string {
  return output.trimEnd().split('\n').slice(-lines).join('\n');
}
