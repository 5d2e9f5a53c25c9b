import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { blocking } from '../../policies/engine/evaluate';
import type { Attributes } from '../../policies/engine/model';
import { evaluateSynthesizedStack } from '../../policies/synth';
import { REPO_ROOT, stackJson, synthApp, writeTempConfig } from '../support/synth';

/** Every committed GCP example: it synthesizes every stack, and Plinth's policies find nothing high or above in any. */
const EXAMPLES = readdirSync(path.join(REPO_ROOT, 'examples'))
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => ({ file: `examples/${name}`, text: readFileSync(path.join(REPO_ROOT, 'examples', name), 'utf8') }))
  .filter(({ text }) => (parse(text) as { cloud: { provider: string } }).cloud.provider === 'gcp');

describe.each(EXAMPLES)('$file on Google Cloud', ({ text }) => {
  const config = parse(text) as { platform: string; environments: Record<string, unknown> };
  const synth = synthApp(writeTempConfig(text));

  it('synthesizes a foundation and a workloads stack per environment', () => {
    expect({ status: synth.status, stderr: synth.stderr }).toMatchObject({ status: 0 });
    const manifest = JSON.parse(readFileSync(path.join(synth.outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
    for (const environment of Object.keys(config.environments)) {
      expect(Object.keys(manifest.stacks)).toEqual(expect.arrayContaining([`${config.platform}-${environment}-foundation`, `${config.platform}-${environment}-workloads`]));
    }
  });

  it('passes every policy at high severity and above, in every stack', () => {
    const manifest = JSON.parse(readFileSync(path.join(synth.outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
    for (const stack of Object.keys(manifest.stacks)) {
      const report = evaluateSynthesizedStack(stackJson(synth.outdir, stack) as unknown as Attributes, { stack });
      expect({ stack, blocking: blocking(report, 'high').map((f) => `${f.ruleId} ${f.resource}: ${f.message}`) }).toEqual({ stack, blocking: [] });
    }
  });

  it('enables Cloud Asset Inventory in every environment’s project, where plinth janitor searches the labels, never disabling it on destroy', () => {
    for (const environment of Object.keys(config.environments)) {
      const foundation = stackJson(synth.outdir, `${config.platform}-${environment}-foundation`) as unknown as { resource: Record<string, Record<string, Record<string, unknown>>> };
      const services = Object.values(foundation.resource.google_project_service ?? {});
      expect(services.filter((service) => service.service === 'cloudasset.googleapis.com')).toEqual([expect.objectContaining({ disable_on_destroy: false })]);
    }
  });

  it('keeps state in the GCS bucket each environment names, one prefix per environment and stack', () => {
    const environments = config.environments as Record<string, { backend?: { type: string; bucket: string } }>;
    for (const [environment, settings] of Object.entries(environments).filter(([, settings]) => settings.backend?.type === 'gcs')) {
      const stack = `${config.platform}-${environment}-foundation`;
      const foundation = stackJson(synth.outdir, stack) as unknown as { terraform: { backend: Record<string, unknown> } };
      expect(foundation.terraform.backend).toEqual({ gcs: { bucket: settings.backend!.bucket, prefix: `${config.platform}/${environment}/${stack}` } });
    }
  });
});
