import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkModelFile } from '../../../../services/kit/models/check-model';
import { listModelRepository } from '../../../../services/kit/models/model-repository';
import { parseTritonConfig } from '../../../../services/kit/models/parse-triton-config';
import { artifactProxyPath } from '../../../../services/gates/registry/registry-model';
import { startTracking, type TrackingHarness } from '../../tracking/support/tracking-harness';
import { FILES, plinth, promotionPolicy } from './registry-fixtures';

const sha256 = (file: string) => require('node:crypto').createHash('sha256').update(readFileSync(file)).digest('hex') as string;

describe('plinth gates register, promote and rollback against a tracking server (embedded store)', () => {
  let tracking: TrackingHarness;
  let repository: string;
  const tracked = (...args: string[]) => plinth(...args.slice(0, 2), '--tracking-url', tracking.url, ...args.slice(2));
  const register = (file: string, ...more: string[]) => tracked('gates', 'register', '--model', 'churn', '--onnx', file, ...more);
  const promote = (version: string, risk: 'low' | 'high' = 'low') =>
    tracked('gates', 'promote', '--model', 'churn', '--model-version', version, '--policy', promotionPolicy(risk), '--holdout', FILES.classifierHoldout, '--repository', repository);
  const aliases = async () => Object.fromEntries(((await tracking.client.getRegisteredModel('churn')).aliases ?? []).map((a) => [a.alias, a.version]));
  /** The versions the repository's config.pbtxt tells a server to serve. */
  const servedVersions = () => {
    const policy = parseTritonConfig(readFileSync(path.join(repository, 'churn/config.pbtxt'), 'utf8')).versionPolicy;
    return 'specific' in policy ? policy.specific.versions : policy;
  };
  const tags = async (version: string) => Object.fromEntries(((await tracking.client.getModelVersion('churn', version)).tags ?? []).map((t) => [t.key, t.value]));

  beforeAll(async () => {
    tracking = await startTracking({ database: 'memory:' });
    repository = mkdtempSync(path.join(tmpdir(), 'plinth-triton-repository-'));
  });
  afterAll(() => tracking.close());

  it('registers a model with its sha256 and lineage tags, the file under <source>/model.onnx', async () => {
    const run = await register(FILES.classifier, '--description', 'Predicts which customers churn next month; for retention offers.', '--tag', 'git_commit=3f2a9c1');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^registered 'churn' version 1 from .* \(sha256 [0-9a-f]{64}\), source runs:\/[0-9a-f]{32}\/model$/m);
    expect(await tags('1')).toEqual({ 'plinth.sha256': sha256(FILES.classifier), git_commit: '3f2a9c1' });
    const uri = await tracking.client.getModelVersionDownloadUri('churn', '1');
    expect(await tracking.client.downloadArtifact(`${artifactProxyPath(uri)}/model.onnx`)).toEqual(readFileSync(FILES.classifier));
  });

  it('promotes the first version: gates as tags, published to the repository, champion set, model card written', async () => {
    const run = await promote('1');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PASS +champion +accuracy vs champion +- +drop <= 0\.01 +no champion yet/m);
    expect(run.stdout).toContain('champion: (none) -> version 1');
    const written = await tags('1');
    expect(written).toMatchObject({
      'plinth.decision': 'pass',
      'plinth.gate.metric.accuracy': 'pass 0.8875 (>= 0.85)',
      'plinth.gate.lineage.tag_git_commit': 'pass 3f2a9c1 (present, not empty)',
      'plinth.gate.safety.candidate_artifact': `pass sha256:${sha256(FILES.classifier)} (sha256 as given, ONNX, standard operators)`,
    });
    expect(await aliases()).toEqual({ champion: '1' });

    const listing = await listModelRepository(repository);
    expect(listing.models).toEqual([expect.objectContaining({ name: 'churn', versions: [{ version: 1, path: path.join(repository, 'churn/1/model.onnx') }] })]);
    expect(readFileSync(path.join(repository, 'churn/config.pbtxt'), 'utf8')).toMatch(/name: "churn"[\s\S]*dynamic_batching/);
    expect(servedVersions()).toEqual([1]);
    expect(run.stdout).toContain(`serving: ${repository} now serves 'churn' version 1 (it served the latest version)`);
    expect((await checkModelFile(path.join(repository, 'churn/1/model.onnx'))).sha256).toBe(sha256(FILES.classifier));

    const report = JSON.parse((await tracking.client.downloadArtifact(artifactProxyPath(written['plinth.decision.report']!))).toString());
    expect(report).toMatchObject({ decision: 'pass', model: 'churn', version: '1', verdict: 'pass', candidate: { metrics: { accuracy: { value: 0.8875 } } } });
    const cardUri = written['plinth.model_card']!;
    expect(run.stdout).toContain(`model card: ${cardUri}`);
    const card = (await tracking.client.downloadArtifact(artifactProxyPath(cardUri))).toString();
    expect(card).toContain('# Model card: churn version 1');
    expect(card).toContain('Predicts which customers churn next month; for retention offers.');
    expect(card).toMatch(/\| accuracy \| 0\.8875 \| - \|/);
    expect(card).toMatch(/\| region \| accuracy \| eu \| \d+ \| 0\.\d+ \|/);
    expect(card).toContain('| git_commit | 3f2a9c1 |');
  });

  it('refuses a worse model: exit 1, every gate recorded, aliases and repository unchanged', async () => {
    expect((await register(FILES.worseClassifier, '--tag', 'git_commit=9e8d7c6')).code).toBe(0);
    const run = await promote('2');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL +champion +accuracy vs champion +0\.179167 +drop <= 0\.01/m);
    expect(run.stdout).toContain('not promoted: champion stays version 1; nothing was published');
    expect(await tags('2')).toMatchObject({ 'plinth.decision': 'fail', 'plinth.gate.metric.accuracy': 'fail 0.7083333333 (>= 0.85): below the minimum 0.85' });
    expect(await aliases()).toEqual({ champion: '1' });
    expect((await listModelRepository(repository)).models[0]!.versions.map((v) => v.version)).toEqual([1]);
  });

  it('promotes a second good version: the old champion becomes previous; rollback moves it back in one command', async () => {
    expect((await register(FILES.classifier, '--tag', 'git_commit=4b5c6d7')).code).toBe(0);
    const run = await promote('3');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('previous: (none) -> version 1\nchampion: version 1 -> version 3');
    expect(await aliases()).toEqual({ champion: '3', previous: '1' });
    expect((await listModelRepository(repository)).models[0]!.versions.map((v) => v.version)).toEqual([1, 3]);
    expect(servedVersions()).toEqual([3]);

    const back = await tracked('gates', 'rollback', '--model', 'churn', '--repository', repository);
    expect(back).toEqual({
      code: 0,
      stderr: '',
      stdout: `rolled back 'churn':\nchampion: version 3 -> version 1\nprevious: version 1 -> (none)\nserving: ${repository} now serves 'churn' version 1 (it served version 3)\n`,
    });
    expect(await aliases()).toEqual({ champion: '1' });
    // The repository serves the champion again: an inference server polling it switches back.
    expect(servedVersions()).toEqual([1]);
    const again = await tracked('gates', 'rollback', '--model', 'churn', '--repository', repository);
    expect(again).toEqual({
      code: 2,
      stdout: '',
      stderr: "--model churn: no 'previous' alias, so there is nothing to roll back to (its champion is version 1, and no promotion has replaced an earlier one); nothing moved\n",
    });
  });

  it('walks back down the line of champions: previous moves to the champion the restored one had replaced', async () => {
    expect((await promote('3')).code).toBe(0);
    expect((await register(FILES.classifier, '--tag', 'git_commit=5c6d7e8')).code).toBe(0);
    expect((await promote('4')).code).toBe(0);
    expect(await aliases()).toEqual({ champion: '4', previous: '3' });
    expect((await tracked('gates', 'rollback', '--model', 'churn', '--repository', repository)).stdout).toMatch(/^rolled back 'churn':\nchampion: version 4 -> version 3\nprevious: version 3 -> version 1\nserving: .* now serves 'churn' version 3 \(it served version 4\)\n$/);
    expect(servedVersions()).toEqual([3]);
    expect(await aliases()).toEqual({ champion: '3', previous: '1' });
  });

  it('refuses an artifact overwritten after registration as tampered: nothing evaluated, nothing moved', async () => {
    expect((await register(FILES.classifier, '--tag', 'git_commit=6d7e8f9')).code).toBe(0);
    const uri = await tracking.client.getModelVersionDownloadUri('churn', '5');
    await tracking.client.uploadArtifact(`${artifactProxyPath(uri)}/model.onnx`, readFileSync(FILES.worseClassifier));
    const before = await aliases();
    const run = await promote('5');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `candidate 'churn' version 5: the artifact was tampered with: ${uri}/model.onnx has sha256 ${sha256(FILES.worseClassifier)}, but ${sha256(FILES.classifier)} was recorded at registration (plinth.sha256); nothing was evaluated or moved\n`,
    );
    expect(await aliases()).toEqual(before);
    expect(await tags('5')).not.toHaveProperty(['plinth.decision']);
    expect((await listModelRepository(repository)).models[0]!.versions.map((v) => v.version)).not.toContain(5);
  });

  it('stops a high-risk model that passes at needs-approval: exit 0, a clear line, nothing moved or published', async () => {
    expect((await register(FILES.classifier, '--tag', 'git_commit=7e8f9a0')).code).toBe(0);
    const before = await aliases();
    const run = await promote('6', 'high');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`needs approval: risk class high, so the gates passed but nothing moves until an approver approves 'churn' version 6: request it from the gates service (plinth gates request) for an approver to approve; champion stays version ${before.champion}`);
    expect(await tags('6')).toMatchObject({ 'plinth.decision': 'needs-approval' });
    expect(await aliases()).toEqual(before);
    expect((await listModelRepository(repository)).models[0]!.versions.map((v) => v.version)).not.toContain(6);
  });
});
