import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, type ResourceTagMapping } from '@aws-sdk/client-resource-groups-tagging-api';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { expiryTagValue } from '../../core/config/expiry';
import { leftoverReason } from '../../stacks/delivery/leftovers';
import { MOTO_TOOL, startMoto, type Emulator } from '../support/moto';
import { runPlinth, type PlinthRun } from '../support/plinth-cli';
import { REPO_ROOT } from '../support/synth';
import { requireTerraformWithMirror } from '../support/terraform';

jest.setTimeout(12 * 60_000);

const mirror = requireTerraformWithMirror([MOTO_TOOL]);
const describeWithTools = mirror ? describe : describe.skip;

const PREVIEW = 'pr-7';
const COST_TAG = 'acme-ml-pr-7';

/**
 * The README's preview walkthrough as a user runs it, each step a whole `plinth` process against the
 * AWS emulator: a preview of platform.yaml's `local` environment is created and applied, survives
 * the janitor while its TTL runs, is left alone by a dry run past it, and, with its record lost, is
 * found by its tags alone and destroyed until the tagging API lists nothing of it that still exists.
 */
describeWithTools('plinth preview and plinth janitor on the AWS emulator (whole processes, real Terraform)', () => {
  let emulator: Emulator;
  let folder: string;
  let tagging: ResourceGroupsTaggingAPIClient;
  const timings: Record<string, number> = {};
  let record: { name: string; from: string; createdAt: string; expiresAt: string };

  const plinth = async (step: string, args: readonly string[]): Promise<PlinthRun> => {
    const started = Date.now();
    const run = await runPlinth([...args, '--config', path.join(folder, 'platform.yaml')], {
      cwd: folder,
      env: { CHECKPOINT_DISABLE: '1', PLINTH_TF_MIRROR: mirror, TF_CLI_CONFIG_FILE: '' },
      timeoutMs: 8 * 60_000,
    });
    timings[step] = (Date.now() - started) / 1000;
    return run;
  };
  const tagged = async (): Promise<ResourceTagMapping[]> =>
    (await tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: 'plinth:environment', Values: [COST_TAG] }] }))).ResourceTagMappingList ?? [];
  const recordFile = () => path.join(folder, '.plinth', 'previews', `${PREVIEW}.json`);

  beforeAll(async () => {
    emulator = await startMoto();
    folder = mkdtempSync(path.join(tmpdir(), 'plinth-preview-'));
    const config = parseDocument(readFileSync(path.join(REPO_ROOT, 'platform.yaml'), 'utf8'));
    config.setIn(['environments', 'local', 'cloud', 'endpoint'], emulator.endpoint);
    // Without the services that need the metadata database, so no RDS instance: the provider polls
    // one for ~80 s on create and again on delete, and the foundation e2e test already applies and
    // destroys it. Everything else of the startup foundation (network, cluster, bucket, registries,
    // identities, key) is applied and destroyed here.
    config.setIn(['environments', 'local', 'capabilities'], { tracking: false, drift: false, gates: false });
    writeFileSync(path.join(folder, 'platform.yaml'), config.toString());
    tagging = new ResourceGroupsTaggingAPIClient({ region: 'eu-west-1', endpoint: emulator.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  });

  afterAll(async () => {
    tagging?.destroy();
    await emulator?.stop();
    process.stdout.write(`preview e2e figures (whole processes): ${Object.entries(timings).map(([step, seconds]) => `${step} ${seconds.toFixed(1)} s`).join(', ')}\n`);
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('preview up records an absolute expiry once, applies the foundation and prints its outputs', async () => {
    const before = Date.now();
    const up = await plinth('preview up', ['preview', 'up', PREVIEW, '--from', 'local', '--ttl', '2h']);
    expect({ code: up.code, stderr: up.code === 0 ? '' : up.stderr }).toEqual({ code: 0, stderr: '' });
    record = JSON.parse(readFileSync(recordFile(), 'utf8'));
    expect(record).toMatchObject({ name: PREVIEW, from: 'local' });
    expect(Date.parse(record.expiresAt) - Date.parse(record.createdAt)).toBe(2 * 3_600_000);
    expect(Date.parse(record.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(up.stdout).toContain(`${COST_TAG}-foundation.cluster_name = ${COST_TAG}`);
    expect(up.stdout).toMatch(/artifact_uri = s3:\/\/acme-ml-pr-7-artifacts-/);
    expect(up.stdout).toMatch(/acme-ml-pr-7-workloads: not deployed, the AWS API emulator runs no Kubernetes API server/);
    expect(up.stdout).not.toContain('cross-stack-output');
  });

  it("every resource the tagging API lists carries the preview's expiry and its source", async () => {
    const resources = await tagged();
    expect(resources.length).toBeGreaterThanOrEqual(8);
    for (const resource of resources) {
      const tags = Object.fromEntries((resource.Tags ?? []).map((tag) => [tag.Key, tag.Value]));
      expect({ arn: resource.ResourceARN, expires: tags['plinth:expires-at'], of: tags['plinth:preview-of'] }).toEqual({
        arn: resource.ResourceARN,
        expires: expiryTagValue(new Date(record.expiresAt)),
        of: 'local',
      });
    }
  });

  it('the janitor keeps a preview whose TTL has not passed', async () => {
    const count = (await tagged()).length;
    const run = await plinth('janitor (not expired)', ['janitor', '--env', 'local']);
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(new RegExp(`${PREVIEW}: kept \\(expires ${record.expiresAt}; found by record and tags\\): expires in 2 h`));
    expect((await tagged()).length).toBe(count);
    expect(existsSync(recordFile())).toBe(true);
  });

  it('a dry run past the expiry reports what it would destroy and changes nothing', async () => {
    const count = (await tagged()).length;
    const at = new Date(Date.parse(record.expiresAt) + 3_600_000).toISOString();
    const run = await plinth('janitor --dry-run', ['janitor', '--env', 'local', '--dry-run', '--at', at, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ dryRun: true, at, searched: [emulator.endpoint], unsearched: [] });
    expect(report.entries).toEqual([expect.objectContaining({ environment: PREVIEW, status: 'would destroy', foundBy: ['record', 'tags'] })]);
    expect((await tagged()).length).toBe(count);
    expect(existsSync(recordFile())).toBe(true);
  });

  it('past its expiry, with its record lost, the janitor finds the preview by its tags and destroys it', async () => {
    rmSync(recordFile());
    const at = new Date(Date.parse(record.expiresAt) + 60_000).toISOString();
    const run = await plinth('janitor (destroy)', ['janitor', '--env', 'local', '--at', at]);
    expect({ code: run.code, stdout: run.stdout, stderr: run.code === 0 ? '' : run.stderr }).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(new RegExp(`${PREVIEW}: destroyed \\(expires [^;]+; found by tags\\): ${COST_TAG}-foundation`));
    expect(existsSync(recordFile())).toBe(false);
    // Nothing of it is left that still exists: what the tagging API lists is only what AWS deletes
    // later (the key in its deletion window, the deleted NAT gateway) and what moto cannot delete.
    const left = (await tagged()).map((resource) => resource.ResourceARN!);
    expect(left.filter((arn) => leftoverReason(arn, true) === undefined)).toEqual([]);
    expect(left.length).toBeLessThanOrEqual(3);
    const state = readFileSync(path.join(folder, '.plinth', 'state', `terraform.${COST_TAG}-foundation.tfstate`), 'utf8');
    expect(JSON.parse(state).resources.filter((resource: { mode: string }) => resource.mode === 'managed')).toEqual([]);
  });

  it('a second run finds nothing left to do, and preview down finds no preview', async () => {
    const run = await plinth('janitor (again)', ['janitor', '--env', 'local', '--at', new Date(Date.parse(record.expiresAt) + 120_000).toISOString()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('no expiring environments found');
    // What is still listed (destroyed, or the emulator's) does not make it a preview to take down again.
    const down = await plinth('preview down (gone)', ['preview', 'down', PREVIEW]);
    expect({ code: down.code, stderr: down.stderr.trim() }).toEqual({
      code: 2,
      stderr: expect.stringMatching(new RegExp(`^no preview named ${PREVIEW}: no record in .*previews and no resources tagged as one in .*${emulator.endpoint}`)),
    });
  });
});
