import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readCsvColumns } from '../../../services/drift/input/csv-columns';
import { type DriftServer, createDriftServer } from '../../../services/drift/service/drift-server';
import { createInferenceServer, type InferenceServer } from '../../../services/inference/server/inference-server';
import { publishToRepository } from '../../../services/kit/models/publish-to-repository';
import { TokenTable } from '../../../services/kit/server/tokens';
import { freePort } from '../../support/free-port';
import { FILES } from '../gates/evaluation-fixtures';
import { plinth } from '../gates/registry/registry-fixtures';
import { eventually } from './support/classifier-traffic';

const EXAMPLES = path.join(__dirname, '../../../services/inference/examples');
const TRAFFIC = path.join(EXAMPLES, 'churn-traffic.csv');
const SHIFTED = path.join(EXAMPLES, 'churn-traffic-shifted.csv');
/** The columns the server logs with --drift-drop-columns features_3, as the README runs it. */
const LOGGED_COLUMNS = ['features_0', 'features_1', 'features_2', 'probabilities_0', 'probabilities_1', 'prediction'];

/**
 * The README lifecycle's drift steps through `plinth` alone: `inference replay` sends the committed example
 * traffic to a real inference server serving the committed classifier and writes the reference,
 * `drift reference` registers it with a real drift service without tokens (a local run), and the shifted
 * traffic, logged by the server, drifts.
 */
describe('plinth inference replay and plinth drift reference', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'plinth-replay-'));
  const repository = path.join(folder, 'models');
  const referenceFile = path.join(folder, '.plinth', 'churn-reference.csv');
  let drift: DriftServer;
  let driftUrl: string;
  let inference: InferenceServer;
  let inferenceUrl: string;
  const replay = (...args: string[]) => plinth('inference', 'replay', '--url', inferenceUrl, ...args);

  /** The server's labels for the file's rows, asked directly, 32 rows a request. */
  const serverLabels = async (file: string): Promise<number[]> => {
    const table = readCsvColumns(readFileSync(file, 'utf8'), file, {});
    const rows = Array.from({ length: (table.columns.features_0 as Float64Array).length }, (_, row) => [0, 1, 2, 3].map((index) => (table.columns[`features_${index}`] as Float64Array)[row]!));
    const labels: number[] = [];
    for (let start = 0; start < rows.length; start += 32) {
      const chunk = rows.slice(start, start + 32);
      const response = await fetch(`${inferenceUrl}/v2/models/churn/infer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: [{ name: 'features', datatype: 'FP32', shape: [chunk.length, 4], data: chunk.flat() }] }),
      });
      labels.push(...((await response.json()) as { outputs: { name: string; data: number[] }[] }).outputs.find((output) => output.name === 'label')!.data);
    }
    return labels;
  };
  const csvFile = (name: string, text: string) => {
    const file = path.join(folder, name);
    writeFileSync(file, text);
    return file;
  };

  beforeAll(async () => {
    drift = await createDriftServer({
      database: 'memory:',
      // No tokens and the default window (5000 rows, a report from 100), as `plinth drift serve` runs in the README.
      tokens: new TokenTable([]),
      logStream: { write: () => undefined },
    });
    driftUrl = await drift.service.listen({ port: 0, host: '127.0.0.1' });
    await publishToRepository(repository, 'churn', readFileSync(FILES.classifier), { maxBatchSize: 32 });
    await publishToRepository(repository, 'cities', readFileSync(path.join(path.dirname(FILES.classifier), 'string-input.onnx')));
    inference = await createInferenceServer({
      repository,
      modelControlMode: 'none',
      tokens: new TokenTable([]),
      version: 'test',
      logStream: { write: () => undefined },
      // No token: the drift service has none, as in the README's local run.
      driftLogging: { url: driftUrl, batchRows: 500, flushMs: 3_600_000, dropColumns: ['features_3'] },
    });
    inferenceUrl = await inference.service.listen({ port: 0, host: '127.0.0.1' });
  }, 60_000);
  afterAll(async () => {
    await inference?.service.close();
    await drift?.service.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("replays the example traffic, writes the reference with the server's predictions, registers it, and the shifted traffic drifts", async () => {
    const replayed = await replay('--model', 'churn', '--input', TRAFFIC, '--output', referenceFile, '--drop-columns', 'features_3');
    expect(replayed).toMatchObject({ code: 0, stderr: '' });
    // max_batch_size 32 from the model's config: 300 rows in 10 requests.
    expect(replayed.stdout).toMatch(/^replayed 300 rows to model 'churn' in 10 requests \(up to 32 rows each\): [\d.]+ s, \d+ rows\/s; wrote .*churn-reference\.csv \(features_0, features_1, features_2, probabilities_0, probabilities_1, prediction\)\n$/);

    const written = readCsvColumns(readFileSync(referenceFile, 'utf8'), referenceFile, {});
    expect(written.header).toEqual(LOGGED_COLUMNS);
    const predictions = Array.from(written.columns.prediction as Float64Array);
    expect(predictions).toHaveLength(300);
    expect(predictions).toEqual(await serverLabels(TRAFFIC));
    expect(new Set(predictions)).toEqual(new Set([0, 1]));
    const input = readCsvColumns(readFileSync(TRAFFIC, 'utf8'), TRAFFIC, {});
    (written.columns.features_1 as Float64Array).forEach((value, row) => expect(value).toBeCloseTo((input.columns.features_1 as Float64Array)[row]!, 6));
    const probabilities = written.columns.probabilities_1 as Float64Array;
    predictions.forEach((label, row) => expect(label).toBe(probabilities[row]! > 0.5 ? 1 : 0));
    // Rows logged before there is a reference are refused by the drift service (404), not kept.
    await inference.driftLogger!.flush();

    const registered = await plinth('drift', 'reference', '--drift-url', driftUrl, '--model', 'churn', '--file', referenceFile, '--prediction-column', 'prediction');
    expect(registered).toMatchObject({ code: 0, stderr: '' });
    expect(registered.stdout).toMatch(/^registered the reference of model 'churn' \([0-9a-f-]{36}\): 300 rows, 6 columns: features_0 numeric, .*, prediction \w+ \(prediction\)\n$/);

    // The shifted traffic, logged by the server under its name with the reference's columns: drift.
    const shifted = await replay('--model', 'churn', '--input', SHIFTED, '--batch-rows', '7', '--concurrency', '2');
    expect(shifted).toMatchObject({ code: 0, stderr: '' });
    expect(shifted.stdout).toContain("replayed 200 rows to model 'churn' in 29 requests (up to 7 rows each)");
    await inference.driftLogger!.flush();
    const detected = async () => (await (await fetch(`${driftUrl}/metrics`)).text()).match(/^plinth_drift_detected\{model="churn",column="features_0"\} (\d)/m)?.[1];
    expect(await eventually(detected, (value) => value === '1')).toBe('1');
    const report = (await (await fetch(`${driftUrl}/api/drift/models/churn/report`)).json()) as { window_rows: number; report: { prediction?: { column: string } } };
    expect(report.window_rows).toBe(200);
    expect(report.report.prediction?.column).toBe('prediction');
  }, 60_000);

  it('refuses a file whose columns do not fit the model, naming them (exit 2)', async () => {
    const missing = await replay('--model', 'churn', '--input', csvFile('three.csv', 'features_0,features_1,features_2\n1,2,3\n'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing "features_3"');
    expect(missing.stderr).toContain('features FP32 [-1, 4]: features_0, features_1, features_2, features_3, or exactly 4 columns in that order');
    const extra = await replay('--model', 'churn', '--input', csvFile('extra.csv', 'features_0,features_1,features_2,features_3,age\n1,2,3,4,50\n'));
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('extra "age"');
    const word = await replay('--model', 'churn', '--input', csvFile('word.csv', 'features_0,features_1,features_2,features_3\n1,2,3,4\n1,two,3,4\n'));
    expect(word.code).toBe(2);
    expect(word.stderr).toContain('column "features_1", data row 2: "two" is not a number');
    // Four columns under other names are taken in their order.
    const positional = await replay('--model', 'churn', '--input', csvFile('positional.csv', 'a,b,c,d\n1,2,3,4\n0,0,0,0\n'));
    expect(positional).toMatchObject({ code: 0, stderr: '' });
  });

  it('fills a BYTES input from the column named like it, and writes the columns the drift logging would', async () => {
    const output = path.join(folder, 'cities-reference.csv');
    const run = await replay('--model', 'cities', '--input', csvFile('cities.csv', 'city\nlima\nberlin\n"paris, texas"\nlagos\nlima\n'), '--output', output, '--batch-rows', '2');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain("replayed 5 rows to model 'cities' in 3 requests (up to 2 rows each)");
    // The [-1, 1] input logs as city_0, its only output (the CategoryMapper's id, -1 for an unknown city) as prediction.
    expect(readFileSync(output, 'utf8')).toBe('city_0,prediction\nlima,2\nberlin,0\n"paris, texas",-1\nlagos,1\nlima,2\n');
  });

  it('registers a Parquet reference, sent as JSON rows (a missing value included)', async () => {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const file = path.join(folder, 'reference.parquet');
    const score = Array.from({ length: 120 }, (_, row) => (row === 5 ? null : row / 10));
    const city = Array.from({ length: 120 }, (_, row) => ['Lyon', 'Oslo, Norway', 'Kyiv'][row % 3]!);
    const label = Array.from({ length: 120 }, (_, row) => row % 2);
    writeFileSync(file, new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'score', data: score, type: 'DOUBLE' }, { name: 'city', data: city, type: 'STRING' }, { name: 'label', data: label, type: 'INT32' }] })));
    const registered = await plinth('drift', 'reference', '--drift-url', driftUrl, '--model', 'scores', '--file', file, '--prediction-column', 'label');
    expect(registered).toMatchObject({ code: 0, stderr: '' });
    expect(registered.stdout).toContain("reference of model 'scores'");
    expect(registered.stdout).toContain('120 rows, 3 columns: score numeric, city categorical, label numeric (prediction)');
  });

  it("passes on the server's refusals (exit 2) and says when nothing answers (exit 3)", async () => {
    const unknown = await replay('--model', 'nope', '--input', TRAFFIC);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("the inference server refused GET /v2/models/nope (HTTP 404): Request for unknown model: 'nope' is not found");
    const tooMany = await replay('--model', 'churn', '--input', TRAFFIC, '--batch-rows', '33');
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain('HTTP 400');

    const closed = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await plinth('inference', 'replay', '--url', closed, '--model', 'churn', '--input', TRAFFIC);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain(`cannot reach the inference server at ${closed}`);
    const noDrift = await plinth('drift', 'reference', '--drift-url', closed, '--model', 'churn', '--file', TRAFFIC);
    expect(noDrift.code).toBe(3);
    expect(noDrift.stderr).toContain(`cannot reach the drift service at ${closed}`);

    const noColumn = await plinth('drift', 'reference', '--drift-url', driftUrl, '--model', 'churn', '--file', TRAFFIC, '--prediction-column', 'label');
    expect(noColumn.code).toBe(2);
    expect(noColumn.stderr).toContain('--prediction-column label: ');
    const badModel = await plinth('drift', 'reference', '--drift-url', driftUrl, '--model', 'no/such model', '--file', TRAFFIC);
    expect(badModel.code).toBe(2);
    expect(badModel.stderr).toContain('the drift service refused POST');
    const unsetToken = await plinth('drift', 'reference', '--drift-url', driftUrl, '--model', 'churn', '--file', TRAFFIC, '--drift-token-env', 'PLINTH_TEST_UNSET_VARIABLE');
    expect(unsetToken.code).toBe(2);
    expect(unsetToken.stderr).toContain('--drift-token-env PLINTH_TEST_UNSET_VARIABLE: the variable is not set or empty');
  });
});
