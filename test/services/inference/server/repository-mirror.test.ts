import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LocalArtifactStore } from '../../../../services/kit/artifacts/local-artifact-store';
import { RepositoryMirror } from '../../../../services/inference/server/repository-mirror';

/** Every file under a folder, relative, sorted. */
function files(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('mirroring a model repository from a store into a local folder', () => {
  const source = mkdtempSync(path.join(tmpdir(), 'plinth-mirror-source-'));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
    writeFileSync(path.join(source, file), text);
  };
  const local = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-mirror-local-')), 'cache');
  const mirror = new RepositoryMirror(new LocalArtifactStore(source), local);

  beforeAll(() => {
    write('churn/config.pbtxt', 'name: "churn"');
    write('churn/1/model.onnx', 'v1');
    write('churn/2/model.onnx', 'v2');
    write('churn/2/notes.md', 'not the model');
    write('churn/01/model.onnx', 'not a version folder');
    write('.hidden/config.pbtxt', 'not a model name');
    write('README.md', 'junk at the top');
  });

  it("copies only the repository's own files, even when syncs are asked for at once", async () => {
    const results = await Promise.all([mirror.sync(), mirror.sync(), mirror.sync()]);
    expect(files(local)).toEqual(['churn/1/model.onnx', 'churn/2/model.onnx', 'churn/config.pbtxt']);
    expect(results[0]).toEqual({ downloaded: 3, removed: 0 });
    // The calls made while the first ran share one sync after it, which finds nothing new: an unchanged
    // config is not rewritten, so a polling server does not reload the model.
    expect(results[1]).toBe(results[2]);
    expect(results[1]).toEqual({ downloaded: 0, removed: 0 });
  });

  it('follows the store: a changed config, a new version, and deletions', async () => {
    write('churn/config.pbtxt', 'name: "churn" max_batch_size: 8');
    write('churn/3/model.onnx', 'v3');
    rmSync(path.join(source, 'churn', '1'), { recursive: true });
    const result = await mirror.sync();
    expect(files(local)).toEqual(['churn/2/model.onnx', 'churn/3/model.onnx', 'churn/config.pbtxt']);
    expect(readFileSync(path.join(local, 'churn', 'config.pbtxt'), 'utf8')).toBe('name: "churn" max_batch_size: 8');
    expect(result).toEqual({ downloaded: 2, removed: 1 });
  });
});
