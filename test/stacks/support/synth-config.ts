import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { parseConfig } from '../../../core/config/load';
import type { PlatformConfig } from '../../../core/config/schema';
import { buildPlatformApp } from '../../../stacks/platform-app';
import { readDefaultConfig, REPO_ROOT, stackJson, type StackJson } from '../../support/synth';

/** The default platform.yaml (or a committed example, `examples/realtime.yaml`), changed by `mutate`, parsed as synth would. */
export function configWith(mutate: (config: Record<string, any>) => void, file = 'platform.yaml'): PlatformConfig {
  const raw = parse(file === 'platform.yaml' ? readDefaultConfig() : readFileSync(path.join(REPO_ROOT, file), 'utf8')) as Record<string, any>;
  mutate(raw);
  return parseConfig(stringify(raw), file);
}

/** The `cloud` block of the GCP configs the tests synthesize. */
export const GCP_TEST_CLOUD = { provider: 'gcp', project: 'acme-ml-prod', region: 'europe-west4', billingAccount: '01A2B3-C4D5E6-F7A8B9' } as const;

/**
 * platform.yaml's platform on GCP with `blueprint`: development in a project of its own, production; each
 * environment's stacks by role, and every stack by name.
 */
export function synthOnGcp(blueprint: string) {
  const stacks = synth(
    configWith((config) => {
      config.blueprint = blueprint;
      config.cloud = { ...GCP_TEST_CLOUD };
      config.environments = { dev: { cloud: { project: 'acme-ml-dev' } }, prod: { production: true } };
    }),
  );
  const env = (name: 'dev' | 'prod') => ({
    foundation: stacks[`acme-ml-${name}-foundation`]!,
    addons: stacks[`acme-ml-${name}-addons`]!,
    workloads: stacks[`acme-ml-${name}-workloads`]!,
  });
  return { stacks, dev: env('dev'), prod: env('prod') };
}

/** Synthesizes a config in-process and returns the stacks' JSON by name. */
export function synth(config: PlatformConfig): Record<string, StackJson> {
  const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-app-')), 'out');
  buildPlatformApp({ file: 'platform.yaml', directory: '/srv/platform', config }, outdir).synth();
  const names = Object.keys((JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks: object }).stacks);
  return Object.fromEntries(names.map((name) => [name, stackJson(outdir, name)]));
}

