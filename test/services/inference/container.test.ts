import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatTritonConfig } from '../../../services/kit/models/format-triton-config';
import { inspectOnnxModel } from '../../../services/kit/models/inspect-onnx-model';
import { tritonConfigForOnnx } from '../../../services/kit/models/triton-config-for-onnx';
import { describeServiceContainer } from '../../support/service-container';

const REGRESSOR = path.join(__dirname, '..', '..', 'fixtures', 'models', 'regressor.onnx');

describeServiceContainer({
  service: 'inference',
  // A model repository beside the bundle, as the image has one mounted at /var/lib/plinth/models.
  serveArgs: (bundleDir) => {
    const repository = path.join(bundleDir, 'models');
    mkdirSync(path.join(repository, 'price', '1'), { recursive: true });
    copyFileSync(REGRESSOR, path.join(repository, 'price', '1', 'model.onnx'));
    writeFileSync(path.join(repository, 'price', 'config.pbtxt'), formatTritonConfig(tritonConfigForOnnx(inspectOnnxModel(readFileSync(REGRESSOR)), { name: 'price' })));
    return ['--model-repository', repository];
  },
  probe: async (baseUrl) => {
    const response = await fetch(`${baseUrl}/v2/models/price/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ name: 'features', datatype: 'FP32', shape: [1, 3], data: [1, 2, 3] }] }),
    });
    return { status: response.status, body: await response.json() };
  },
  // 0.5 − 2.5 + 6 + 0.25: onnxruntime's native binding runs inside the bundle.
  check: (answer) => expect(answer).toEqual({ status: 200, body: expect.objectContaining({ outputs: [{ name: 'prediction', datatype: 'FP32', shape: [1, 1], data: [4.25] }] }) }),
});
