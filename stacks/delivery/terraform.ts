import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { UserFacingError } from '../../core/exit-codes';

/**
 * Terraform as Plinth's delivery commands run it: the real binary, non-interactive, with providers
 * from a local filesystem mirror when one is here (so `init` works offline and never reaches a
 * registry). Why not the cdktf CLI: it synthesizes again for every command, cannot leave out what
 * an emulator lacks (emulator-gaps.ts), and its output cannot be captured per stack.
 */

/** Where machines keep a Terraform provider mirror; PLINTH_TF_MIRROR comes first. */
function mirrorCandidates(env: NodeJS.ProcessEnv): string[] {
  return [env.PLINTH_TF_MIRROR, '/opt/tf-plugins', '/usr/share/terraform/plugins'].filter((candidate): candidate is string => !!candidate);
}

/** The mirror's root, when one holds the AWS provider. */
export function providerMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return mirrorCandidates(env).find((root) => existsSync(path.join(root, 'registry.terraform.io', 'hashicorp', 'aws')));
}

/** A Terraform CLI config that installs providers only from `mirror`. */
export function offlineCliConfig(mirror: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-tfrc-')), 'terraform.rc');
  writeFileSync(
    file,
    `provider_installation {\n  filesystem_mirror {\n    path    = "${mirror}"\n    include = ["registry.terraform.io/*/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n`,
  );
  return file;
}

export interface TerraformResult {
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
}

/** Runs terraform in a stack folder; never throws on a non-zero exit, the caller decides. */
export function runTerraform(cwd: string, args: readonly string[], cliConfig: string | undefined, onLine?: (line: string) => void): Promise<TerraformResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [...args, '-no-color'], {
      cwd,
      env: { ...process.env, ...(cliConfig ? { TF_CLI_CONFIG_FILE: cliConfig } : {}), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_INPUT: '0' },
    });
    let output = '';
    let pending = '';
    const take = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      if (!onLine) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => {
      if (onLine && pending) onLine(pending);
      resolve({ code: code ?? -1, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/**
 * The CLI config delivery commands use: the user's own (TF_CLI_CONFIG_FILE) when it exists, else the
 * offline mirror when this machine has one, else Terraform's defaults (the public registry).
 * Refuses with how to install Terraform when the binary is missing.
 */
export function terraformSetup(env: NodeJS.ProcessEnv = process.env): { readonly cliConfig: string | undefined } {
  if (spawnSync('terraform', ['version'], { stdio: 'ignore' }).error) {
    throw new UserFacingError('terraform is not on PATH: install Terraform 1.5 or newer (https://developer.hashicorp.com/terraform/install) and run again');
  }
  if (env.TF_CLI_CONFIG_FILE && existsSync(env.TF_CLI_CONFIG_FILE)) return { cliConfig: undefined };
  const mirror = providerMirror(env);
  return { cliConfig: mirror ? offlineCliConfig(mirror) : undefined };
}

/** The last lines of a command's output, for error messages. */
export function tail(output: string, lines = 40): string {
  return output.trimEnd().split('\n').slice(-lines).join('\n');
}
