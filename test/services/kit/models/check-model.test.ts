import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_BAD_INPUT } from '../../../../core/exit-codes';
import { checkModelBytes, checkModelFile, DEFAULT_MAX_MODEL_BYTES } from '../../../../services/kit/models/check-model';
import { ModelError, type ModelErrorCode } from '../../../../services/kit/models/model-error';
import { OperatorAllowList } from '../../../../services/kit/models/operator-allow-list';
import { fixtureBytes, fixturePath, refusal, refusalOf, SERVABLE_MODELS } from './model-fixtures';
import { openSession } from './onnxruntime-session';

/** The digest from coreutils, not from the code under test. */
function sha256sum(path: string): string {
  return execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0]!;
}

describe('model safety checks before anything runs a model', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'plinth-check-model-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it.each(SERVABLE_MODELS)('%s passes, and onnxruntime-node loads it', async (name) => {
    const report = await checkModelFile(fixturePath(name));
    expect(report.sha256).toBe(sha256sum(fixturePath(name)));
    const session = await openSession(fixtureBytes(name));
    try {
      expect(session.inputNames).toEqual(report.inspection.inputs.map((input) => input.name));
    } finally {
      await session.release();
    }
  });

  it('a model that passes runs: the binary classifier returns a label and two probabilities per row', () => {
    // In a plain node process: onnxruntime-node checks output arrays with instanceof, and jest's
    // sandbox has its own Float32Array and BigInt64Array, so a run inside jest fails on them.
    const script = `
      const { InferenceSession, Tensor } = require('onnxruntime-node');
      (async () => {
        const session = await InferenceSession.create(process.argv[1]);
        const result = await session.run({ features: new Tensor('float32', Float32Array.from([1, 2, 3, 4, -1, 0, 0.5, 2]), [2, 4]) });
        console.log(JSON.stringify({ label: [...result.label.data].map(Number), labelDims: result.label.dims, probabilities: [...result.probabilities.data], dims: result.probabilities.dims }));
      })();`;
    const output = JSON.parse(execFileSync(process.execPath, ['-e', script, fixturePath('binary-classifier')], { encoding: 'utf8' })) as {
      label: number[];
      labelDims: number[];
      probabilities: number[];
      dims: number[];
    };
    expect(output.labelDims).toEqual([2]);
    expect(output.dims).toEqual([2, 2]);
    const [a, b, c, d] = output.probabilities as [number, number, number, number];
    expect(a + b).toBeCloseTo(1, 5);
    expect(c + d).toBeCloseTo(1, 5);
    expect(output.label).toEqual([a > b ? 0 : 1, c > d ? 0 : 1]);
  });

  it('verifies the sha256 against the expected digest', () => {
    const bytes = fixtureBytes('regressor');
    const digest = sha256sum(fixturePath('regressor'));
    expect(checkModelBytes(bytes, { expectedSha256: digest.toUpperCase() }).sha256).toBe(digest);
    expect(checkModelBytes(bytes, { expectedSha256: `sha256:${digest}` }).sha256).toBe(digest);

    const other = sha256sum(fixturePath('binary-classifier'));
    const mismatch = refusal(() => checkModelBytes(bytes, { expectedSha256: other, label: 'models/churn/3' }));
    expect(mismatch.code).toBe('sha256-mismatch');
    expect(mismatch.message).toBe(`models/churn/3: sha256 mismatch: expected ${other}, found ${digest}; the artifact is not the one that was registered`);

    const badDigest = refusal(() => checkModelBytes(bytes, { expectedSha256: 'abc123' }));
    expect(badDigest.code).toBe('invalid-argument');
    expect(badDigest.message).toBe('expected sha256 "abc123" is not a sha256 digest: expected 64 hex digits, optionally prefixed "sha256:"');
  });

  it('refuses a model over the size cap, and a file over it before reading it', async () => {
    const small = refusal(() => checkModelBytes(fixtureBytes('regressor'), { maxBytes: 100 }));
    expect(small.code).toBe('too-large');
    expect(small.message).toBe('model is 265 bytes, over the limit of 100 bytes; raise maxBytes if the model is meant to be this large');
    expect(refusal(() => checkModelBytes(fixtureBytes('regressor'), { maxBytes: -1 })).message).toBe('maxBytes must be a positive number of bytes, found -1');

    // A sparse file: 1 GiB by its size, no disk used; refused from stat alone.
    const huge = join(folder, 'huge.onnx');
    writeFileSync(huge, '');
    truncateSync(huge, 1024 * 1024 * 1024);
    const error = await refusalOf(() => checkModelFile(huge));
    expect(error.code).toBe('too-large');
    expect(error.message).toBe(`${huge} is 1024.0 MiB (1073741824 bytes), over the limit of 256.0 MiB (${DEFAULT_MAX_MODEL_BYTES} bytes); raise maxBytes if the model is meant to be this large`);
  });

  it('refuses a custom-domain operator, naming the op, its domain and the node', () => {
    const error = refusal(() => checkModelBytes(fixtureBytes('custom-op'), { label: 'custom-op.onnx' }));
    expect(error.code).toBe('operator-not-allowed');
    expect(error.message).toBe(
      "custom-op.onnx uses an operator outside the allow-list: Scramble (domain 'com.example.custom') at graph 'custom-op' > node '#0'. " +
        "Allowed: the standard ONNX operators (domain '' or 'ai.onnx') and 'ai.onnx.ml' ones",
    );
  });

  it('refuses a custom operator hidden in an If branch, and an unknown op claimed for the standard domain', () => {
    expect(refusal(() => checkModelBytes(fixtureBytes('custom-op-in-subgraph'))).message).toContain(
      "Scramble (domain 'com.example.custom') at graph 'custom-op-in-subgraph' > node '#0' attribute 'then_branch' (graph 'then') > node '#0'",
    );
    const unknown = refusal(() => checkModelBytes(fixtureBytes('unknown-standard-op')));
    expect(unknown.code).toBe('operator-not-allowed');
    expect(unknown.message).toContain("Exfiltrate (domain '') at graph 'unknown-standard-op' > node '#0'");
  });

  it('allows an extra operator only when listed', () => {
    const allowList = new OperatorAllowList([{ domain: 'com.example.custom', opType: 'Scramble' }]);
    expect(allowList.allows('com.example.custom', 'Scramble')).toBe(true);
    expect(allowList.allows('com.example.custom', 'Other')).toBe(false);
    expect(allowList.allows('', 'MatMul')).toBe(true);
    expect(allowList.allows('ai.onnx.ml', 'TreeEnsembleClassifier')).toBe(true);
    expect(allowList.allows('com.microsoft', 'FusedMatMul')).toBe(false);
    const report = checkModelBytes(fixtureBytes('custom-op'), { allowedOperators: [{ domain: 'com.example.custom', opType: 'Scramble' }] });
    expect(report.inspection.operators.map((op) => op.opType)).toEqual(['Scramble']);
  });

  it('refuses external data, naming every tensor and the file it points to', () => {
    const error = refusal(() => checkModelBytes(fixtureBytes('external-data'), { label: 'external-data.onnx' }));
    expect(error.code).toBe('external-data');
    expect(error.message).toBe(
      'external-data.onnx keeps tensor data outside the file, which the gate cannot check and a server would read from its disk: ' +
        "initializer 'weights' in graph 'external-data' (data in 'external-data.weights.bin'); initializer 'bias' in graph 'external-data' (data in 'external-data.weights.bin'). " +
        'Save the model with its weights inside (onnx.save(model, path, save_as_external_data=False); under 2 GiB)',
    );
  });

  it('refuses garbage, a truncated model and a missing file as bad input', async () => {
    expect(refusal(() => checkModelBytes(Buffer.from('\u0089PNG\r\n\u001a\n not a model'))).code).toBe('not-onnx');
    expect(refusal(() => checkModelBytes(fixtureBytes('regressor').subarray(0, 120))).code).toBe('not-onnx');
    const missing = await refusalOf(() => checkModelFile(join(folder, 'nope.onnx')));
    expect(missing.code).toBe('invalid-argument');
    expect(missing.message).toMatch(/^cannot read model file .*nope\.onnx: ENOENT/);
    expect((await refusalOf(() => checkModelFile(folder))).message).toBe(`${folder} is not a file`);
  });

  it('maps every refusal to exit code 2 and to a 4xx: 413 for too large, 400 for the rest', () => {
    const codes: ModelErrorCode[] = ['not-onnx', 'too-large', 'sha256-mismatch', 'operator-not-allowed', 'external-data', 'unsupported-type', 'invalid-config', 'invalid-argument'];
    for (const code of codes) {
      const error = new ModelError(code, 'why');
      expect(error.exitCode).toBe(EXIT_BAD_INPUT);
      const service = error.toServiceError();
      expect(service.kind).toBe(code === 'too-large' ? 'too-large' : 'invalid');
      expect(service.message).toBe(`${code}: why`);
    }
  });
});
