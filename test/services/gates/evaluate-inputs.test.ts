import { decide } from '../../../services/gates/decision/decide';
import { evaluateModels } from '../../../services/gates/evaluate/evaluate-models';
import { accuracy, mae, type MetricResult, r2, rmse, type WorstSlice } from '../../../services/gates/metrics';
import { UserFacingError } from '../../../core/exit-codes';
import { writeFileSync } from 'node:fs';
import { CLASSIFIER_POLICY, FILES, numericColumns, policy, readCsv, runDirectly, temporaryFolder, withCell, writeFile } from './evaluation-fixtures';

const folder = temporaryFolder();
const value = (result: MetricResult | WorstSlice): number => (result.defined ? result.value : Number.NaN);

const REGRESSOR_POLICY = `
task: regression
label: y
features: { input: features, columns: [x0, x1, x2] }
metrics:
  rmse: { max: 0.2 }
  mae: { max: 0.2 }
  r2: { min: 0.99 }
risk: low
`;

async function refusal(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UserFacingError);
  expect((error as UserFacingError).exitCode).toBe(2);
  return (error as Error).message;
}

describe('gates on a regressor', () => {
  it('measures RMSE, MAE and R² of the [N, 1] prediction as the metrics module does on onnxruntime\'s output', async () => {
    const regression = policy(REGRESSOR_POLICY);
    const decision = decide(regression, await evaluateModels({ policy: regression, candidate: FILES.regressor, holdout: FILES.regressorHoldout, batchRows: 7 }), {});
    const truth = Float64Array.from(numericColumns(FILES.regressorHoldout, ['y']).map(([y]) => y!));
    const features = numericColumns(FILES.regressorHoldout, ['x0', 'x1', 'x2']);
    const predicted = Float64Array.from(runDirectly(FILES.regressor, features).prediction!.values as number[]);
    // The model is the function the fixture's truth was drawn around (noise 0.1).
    features.forEach(([x0, x1, x2], row) => expect(predicted[row]).toBeCloseTo(0.5 * x0! - 1.25 * x1! + 2 * x2! + 0.25, 5));
    expect(decision.gates.slice(1).map((gate) => [gate.name, gate.measured, gate.verdict])).toEqual([
      ['rmse', value(rmse(truth, predicted)), 'pass'],
      ['mae', value(mae(truth, predicted)), 'pass'],
      ['r2', value(r2(truth, predicted)), 'pass'],
    ]);
  });
});

describe('a Parquet holdout', () => {
  it('gives the same measurements as the same rows in CSV', async () => {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const [header, ...rows] = readCsv(FILES.classifierHoldout);
    const column = (name: string) => rows.map((cells) => cells[header!.indexOf(name)]!);
    const buffer = parquetWriteBuffer({
      columnData: [
        ...['x0', 'x1', 'x2', 'x3'].map((name) => ({ name, data: column(name).map(Number), type: 'DOUBLE' as const })),
        { name: 'label', data: column('label').map(BigInt), type: 'INT64' },
        { name: 'region', data: column('region'), type: 'STRING' },
      ],
    });
    const parquet = writeFile(folder, 'holdout.parquet', '');
    writeFileSync(parquet, new Uint8Array(buffer));
    const sliced = policy(`${CLASSIFIER_POLICY}metrics: { accuracy: { min: 0.5 }, log_loss: { max: 1 } }\nslices: [{ column: region, metric: accuracy, maxGap: 1 }]\n`);
    const fromCsv = decide(sliced, await evaluateModels({ policy: sliced, candidate: FILES.classifier, holdout: FILES.classifierHoldout }), {});
    const fromParquet = decide(sliced, await evaluateModels({ policy: sliced, candidate: FILES.classifier, holdout: parquet }), {});
    expect(fromParquet.gates.slice(1)).toEqual(fromCsv.gates.slice(1));
    expect(fromParquet.gates[1]).toMatchObject({ name: 'accuracy', measured: 0.8875 });
  });
});

describe('one model input per column', () => {
  it('feeds a string input [N, 1] from the column of its name, and reads an INT64 [N, 1] label output', async () => {
    const holdout = writeFile(folder, 'cities.csv', 'city,truth\nlima,2\nberlin,0\nlagos,1\nlima,1\n');
    const cities = policy('task: classification\nlabel: truth\nfeatures: { columns: [city] }\nmetrics: { accuracy: { min: 0.5 } }\nrisk: low\n');
    const decision = decide(cities, await evaluateModels({ policy: cities, candidate: FILES.stringInput, holdout }), {});
    expect(decision.gates[1]).toMatchObject({ name: 'accuracy', measured: value(accuracy([2, 0, 1, 1], [2, 0, 1, 2])), verdict: 'pass' });
  });

  it('refuses a column list that does not name the model inputs, naming what the model takes', async () => {
    const holdout = writeFile(folder, 'towns.csv', 'town,truth\nlima,2\n');
    const towns = policy('task: classification\nlabel: truth\nfeatures: { columns: [town] }\nmetrics: { accuracy: { min: 0.5 } }\nrisk: low\n');
    expect(await refusal(evaluateModels({ policy: towns, candidate: FILES.stringInput, holdout }))).toBe(
      `candidate model ${FILES.stringInput}: features.columns lists "town", which is not an input of the model; model input 'city' has no column in features.columns ` +
        "(without features.input, each column feeds the input of its name; with it, one [N, k] input takes every column); the model's inputs are city (tensor(string) [N, 1])",
    );
  });
});

describe('bad holdouts and models', () => {
  const classifier = policy(`${CLASSIFIER_POLICY}metrics: { roc_auc: { min: 0.5 } }\n`);
  const evaluate = (holdout: string, candidate = FILES.classifier) => evaluateModels({ policy: classifier, candidate, holdout });

  it('names the column the holdout lacks, with a did-you-mean and the columns it has', async () => {
    const renamed = writeFile(folder, 'renamed.csv', 'x0,x1,x_2,x3,label\n1,2,3,4,1\n');
    expect(await refusal(evaluate(renamed))).toBe(
      `${renamed}: line 1: no column "x2" (features.columns[2], feeding column 2 of model input 'features'); did you mean "x0"?; the file has columns: x0, x1, x_2, x3, label`,
    );
  });

  it('names the row of a missing label, and of a missing or non-numeric feature value', async () => {
    const noLabel = withCell(FILES.classifierHoldout, folder, 7, 'label', '');
    expect(await refusal(evaluate(noLabel))).toBe(`${noLabel}: column "label", row 7: the label is missing (empty or NaN); every holdout row needs its true class`);
    const nanFeature = withCell(FILES.classifierHoldout, folder, 12, 'x3', 'NaN');
    expect(await refusal(evaluate(nanFeature))).toBe(
      `${nanFeature}: column "x3", row 12: missing value (empty, NaN or infinite); model input 'features' takes FP32 values in every row: fill or drop the row`,
    );
    const word = withCell(FILES.classifierHoldout, folder, 3, 'x1', 'tall');
    expect(await refusal(evaluate(word))).toBe(`${word}: column "x1", line 4: "tall" is not a number, and the column is numeric`);
  });

  it('refuses a model whose probabilities come as a ZipMap when the policy needs them, saying how to export it', async () => {
    const message = await refusal(evaluate(FILES.classifierHoldout, FILES.classifier.replace('binary-classifier', 'multiclass-classifier-zipmap')));
    expect(message).toContain("the policy asks for roc_auc or log_loss, but its probabilities come as 'output_probability', a ZipMap (seq(map(int64,tensor(float))))");
    expect(message).toContain('"zipmap": False');
  });

  it('refuses a model with a fixed batch dimension, which cannot run the holdout in batches', async () => {
    const fixed = policy(`${CLASSIFIER_POLICY}metrics: { accuracy: { min: 0.5 } }\noutputs: { probabilities: scores }\n`);
    const message = await refusal(evaluateModels({ policy: fixed, candidate: FILES.classifier.replace('binary-classifier', 'fixed-batch'), holdout: FILES.classifierHoldout }));
    expect(message).toContain("max_batch_size 1024 needs a variable first dimension in every input and output, but the model's input 'features' is [8,4]");
  });
});
