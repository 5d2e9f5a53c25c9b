import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { listModelRepository } from '../../../../services/kit/models/model-repository';
import { parseTritonConfig } from '../../../../services/kit/models/parse-triton-config';
import { pinServedVersion } from '../../../../services/kit/models/pin-served-version';
import { publishToRepository } from '../../../../services/kit/models/publish-to-repository';
import { runPlinth } from '../../../support/plinth-cli';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures', 'models');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

describe('publishing a model into a Triton model repository', () => {
  it('writes <name>/<version>/model.onnx and a config.pbtxt from the graph, numbering versions upwards', async () => {
    const repository = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-publish-')), 'models');
    const first = await publishToRepository(repository, 'churn', fixture('binary-classifier.onnx'), { maxBatchSize: 8 });
    const second = await publishToRepository(repository, 'churn', fixture('binary-classifier.onnx'));
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(readFileSync(first.path)).toEqual(fixture('binary-classifier.onnx'));
    const listing = await listModelRepository(repository);
    expect(listing.models.map((model) => [model.name, model.versions.map((version) => version.version)])).toEqual([['churn', [1, 2]]]);
    expect(listing.ignored).toEqual([]);
    const config = parseTritonConfig(readFileSync(path.join(repository, 'churn', 'config.pbtxt'), 'utf8'));
    expect(config).toMatchObject({ name: 'churn', platform: 'onnxruntime_onnx', input: [{ name: 'features', dataType: 'TYPE_FP32', dims: [4] }] });
  });

  it('refuses to overwrite a version, a model that fails the safety checks and a bad name, and leaves nothing behind', async () => {
    const repository = mkdtempSync(path.join(tmpdir(), 'plinth-publish-refused-'));
    await publishToRepository(repository, 'churn', fixture('binary-classifier.onnx'));
    await expect(publishToRepository(repository, 'churn', fixture('regressor.onnx'), { version: 1 })).rejects.toThrow(/version 1 is already in .*versions are immutable, publish version 2/);
    await expect(publishToRepository(repository, 'scrambler', fixture('custom-op.onnx'))).rejects.toThrow(/Scramble.*com\.example\.custom/);
    await expect(publishToRepository(repository, '../escape', fixture('regressor.onnx'))).rejects.toThrow(/a model name is letters, digits/);
    await expect(publishToRepository(repository, 'churn', fixture('binary-classifier.onnx'), { expectedSha256: '0'.repeat(64) })).rejects.toThrow(/sha256 mismatch/);
    expect(readdirSync(repository)).toEqual(['churn']);
    expect(readdirSync(path.join(repository, 'churn')).sort()).toEqual(['1', 'config.pbtxt']);
    expect(readFileSync(path.join(repository, 'churn', '1', 'model.onnx'))).toEqual(fixture('binary-classifier.onnx'));
  });

  it('pins the served version to one published version, and refuses a version or model the repository lacks', async () => {
    const repository = mkdtempSync(path.join(tmpdir(), 'plinth-pin-'));
    await publishToRepository(repository, 'churn', fixture('binary-classifier.onnx'));
    await publishToRepository(repository, 'churn', fixture('binary-classifier.onnx'));
    expect(await pinServedVersion(repository, 'churn', 1)).toBe('the latest version');
    const config = parseTritonConfig(readFileSync(path.join(repository, 'churn', 'config.pbtxt'), 'utf8'));
    expect(config.versionPolicy).toEqual({ specific: { versions: [1] } });
    expect(config.input).toEqual([expect.objectContaining({ name: 'features' })]);
    expect(await pinServedVersion(repository, 'churn', 2)).toBe('version 1');
    await expect(pinServedVersion(repository, 'churn', 3)).rejects.toThrow(/model 'churn' version 3 is not in the model repository .*: it cannot be served/);
    await expect(pinServedVersion(repository, 'fraud', 1)).rejects.toThrow(/model 'fraud' is not in the model repository .* \(no fraud\/config\.pbtxt\): publish it first/);
  });

  it('`plinth inference add-model` says what it added, and refuses a bad model with exit code 2 and one line', async () => {
    const repository = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-add-model-')), 'models');
    const added = await runPlinth(['inference', 'add-model', '--model-repository', repository, '--name', 'price', '--onnx', path.join(FIXTURES, 'regressor.onnx')]);
    expect(added).toMatchObject({ code: 0, stdout: expect.stringMatching(/^added model 'price' version 1 \(sha256 [0-9a-f]{64}\) to /) });
    const refused = await runPlinth(['inference', 'add-model', '--model-repository', repository, '--name', 'ext', '--onnx', path.join(FIXTURES, 'external-data.onnx')]);
    expect({ code: refused.code, lines: refused.stderr.trim().split('\n').length }).toEqual({ code: 2, lines: 1 });
    expect(refused.stderr).toMatch(/keeps tensor data outside the file/);
    expect(existsSync(path.join(repository, 'ext'))).toBe(false);
  });

  it('`plinth inference serve` refuses a repository that is not a folder with exit code 2 and one line', async () => {
    const run = await runPlinth(['inference', 'serve', '--model-repository', path.join(tmpdir(), 'no-such-plinth-repository')]);
    expect(run).toMatchObject({ code: 2, stderr: expect.stringMatching(/^plinth inference serve: --model-repository .*: not a readable folder \(ENOENT\); give the folder that holds <model>\/config\.pbtxt\n$/) });
  });
});
