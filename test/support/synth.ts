import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface SynthResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outdir: string;
}

/** Runs the cdktf app exactly as cdktf.json does, for a config file, into a fresh folder. */
export function synthApp(configFile: string, outdir = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-out-')), 'cdktf.out')): SynthResult {
  const result = spawnSync(process.execPath, ['bin/synth.js'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PLINTH_CONFIG: configFile, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, outdir };
}

/** Writes config text into a fresh temporary folder and returns the file's path. */
export function writeTempConfig(text: string, name = 'platform.yaml'): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-config-')), name);
  writeFileSync(file, text);
  return file;
}

export function readDefaultConfig(): string {
  return readFileSync(path.join(REPO_ROOT, 'platform.yaml'), 'utf8');
}

/** A synthesized stack's Terraform JSON. */
export function stackJson(outdir: string, stack: string): StackJson {
  return JSON.parse(readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as StackJson;
}

export interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly output?: Record<string, { readonly value: unknown }>;
  readonly terraform?: Record<string, unknown>;
}

export { dependentsOf, resourceAddresses } from '../../stacks/delivery/emulator-gaps';
