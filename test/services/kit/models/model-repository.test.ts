import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatTritonConfig } from '../../../../services/kit/models/format-triton-config';
import { inspectOnnxModel } from '../../../../services/kit/models/inspect-onnx-model';
import { ModelError } from '../../../../services/kit/models/model-error';
import { listModelRepository, modelPaths } from '../../../../services/kit/models/model-repository';
import { parseTritonConfig } from '../../../../services/kit/models/parse-triton-config';
import { tritonConfigForOnnx } from '../../../../services/kit/models/triton-config-for-onnx';
import { fixtureBytes, fixturePath } from './model-fixtures';

describe('model repository layout', () => {
  let repository: string;

  /** Writes a model version the way a promotion would: model.onnx and the generated config.pbtxt. */
  function publish(model: string, version: number, fixture: string): void {
    const paths = modelPaths(repository, model, version);
    mkdirSync(dirname(paths.model), { recursive: true });
    copyFileSync(fixturePath(fixture), paths.model);
    writeFileSync(paths.config, formatTritonConfig(tritonConfigForOnnx(inspectOnnxModel(fixtureBytes(fixture)), { name: model })));
  }

  function touch(...parts: string[]): void {
    mkdirSync(dirname(join(repository, ...parts)), { recursive: true });
    writeFileSync(join(repository, ...parts), 'x');
  }

  beforeEach(() => {
    repository = mkdtempSync(join(tmpdir(), 'plinth-model-repository-'));
  });
  afterEach(() => rmSync(repository, { recursive: true, force: true }));

  it('puts a version at <repo>/<model>/<version>/model.onnx beside <repo>/<model>/config.pbtxt', () => {
    expect(modelPaths('/models', 'churn', 3)).toEqual({ config: '/models/churn/config.pbtxt', model: '/models/churn/3/model.onnx' });
  });

  it('lists models and their versions in order, and every piece of junk with its reason', async () => {
    publish('churn', 1, 'binary-classifier');
    publish('churn', 2, 'binary-classifier');
    publish('churn', 10, 'multiclass-classifier');
    publish('price', 1, 'regressor');
    touch('churn', 'labels.txt');
    touch('churn', '01', 'model.onnx');
    touch('churn', '0', 'model.onnx');
    touch('churn', 'latest', 'model.onnx');
    touch('churn', '2', 'notes.md');
    mkdirSync(join(repository, 'churn', '3'));
    touch('README.md');
    touch('.git', 'HEAD');
    touch('no-config', '1', 'model.onnx');
    touch('no-versions', 'config.pbtxt');
    symlinkSync(join(repository, 'price'), join(repository, 'price-link'));

    const listing = await listModelRepository(repository);
    expect(listing.models).toEqual([
      {
        name: 'churn',
        configPath: join(repository, 'churn/config.pbtxt'),
        versions: [1, 2, 10].map((version) => ({ version, path: join(repository, `churn/${version}/model.onnx`) })),
      },
      { name: 'price', configPath: join(repository, 'price/config.pbtxt'), versions: [{ version: 1, path: join(repository, 'price/1/model.onnx') }] },
    ]);
    const versionRule = 'not a version folder: versions are positive integers without a leading zero (1, 2, 10)';
    expect(listing.ignored.map(({ path, reason }) => [path.slice(repository.length + 1), reason])).toEqual([
      ['.git', 'not a model name (letters, digits, ".", "_" and "-", not starting with ".")'],
      ['README.md', 'not a folder'],
      ['churn/0', versionRule],
      ['churn/01', versionRule],
      ['churn/2/notes.md', 'not model.onnx'],
      ['churn/3', 'no model.onnx file in the version folder'],
      ['churn/labels.txt', 'not a folder'],
      ['churn/latest', versionRule],
      ['no-config', 'no config.pbtxt: every model needs one (generate it with tritonConfigForOnnx)'],
      ['no-versions', 'no version folder with a model.onnx'],
      ['price-link', 'a symbolic link (not followed)'],
    ]);
  });

  it('each listed config parses into what the server honours', async () => {
    publish('churn', 1, 'binary-classifier');
    const [model] = (await listModelRepository(repository)).models;
    const config = parseTritonConfig(readFileSync(model!.configPath, 'utf8'), model!.configPath);
    expect(config.name).toBe('churn');
    expect(config.maxBatchSize).toBe(4);
  });

  it('an empty repository lists nothing; a missing one is refused as bad input', async () => {
    expect(await listModelRepository(repository)).toEqual({ models: [], ignored: [] });
    const missing = join(repository, 'nope');
    await expect(listModelRepository(missing)).rejects.toThrow(ModelError);
    await expect(listModelRepository(missing)).rejects.toThrow(new RegExp(`^model repository ${missing} is not a readable folder: ENOENT`));
  });
});
