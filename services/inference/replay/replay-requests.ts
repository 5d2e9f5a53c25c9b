import { UserFacingError } from '../../../core/exit-codes';
import type { DataTable } from '../../drift/input/data-table';
import { requestJson, type ServiceTarget } from '../../kit/cli/service-client';
import { type DriftRow, DriftMappingError, driftRows } from '../logging/drift-rows';
import type { NamedTensor } from '../tensor';
import type { InputColumns, ModelMetadata } from './replay-columns';

export interface ReplayPlan {
  readonly target: ServiceTarget;
  readonly model: ModelMetadata;
  readonly inputs: readonly InputColumns[];
  /** The file, its columns checked by checkedColumns. */
  readonly table: DataTable;
  readonly batchRows: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Build the rows the drift logging would log, without these columns or tensors. @default - no rows are built */
  readonly driftDrop?: ReadonlySet<string>;
}

export interface ReplayResult {
  readonly rows: number;
  readonly requests: number;
  /** Per row of the file, in its order, when the plan asked for them. */
  readonly driftRows?: DriftRow[];
}

interface InferAnswer {
  readonly outputs?: readonly { readonly name: string; readonly datatype: string; readonly shape: readonly number[]; readonly data: unknown }[];
}

/**
 * Sends the file's rows to `POST /v2/models/<name>/infer` in batches of `batchRows`, `concurrency` requests at a
 * time; the first refusal stops the rest. The drift rows are what the server's drift logging would build from the
 * same requests (logging/drift-rows.ts), so that they can be registered as the drift reference as they are.
 */
export async function replayRows(plan: ReplayPlan): Promise<ReplayResult> {
  const rowCount = Object.values(plan.table.columns)[0]?.length ?? 0;
  const batches = Math.ceil(rowCount / plan.batchRows);
  const results: DriftRow[][] = new Array(batches);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < batches) {
      const batch = next++;
      const start = batch * plan.batchRows;
      try {
        results[batch] = await inferBatch(plan, start, Math.min(rowCount, start + plan.batchRows));
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.concurrency, batches) }, worker));
  return { rows: rowCount, requests: batches, ...(plan.driftDrop ? { driftRows: results.flat() } : {}) };
}

async function inferBatch(plan: ReplayPlan, start: number, end: number): Promise<DriftRow[]> {
  const inputs = plan.inputs.map(({ input, rowShape, columns }) => ({
    name: input.name,
    datatype: input.datatype,
    shape: [end - start, ...rowShape],
    data: cells(plan.table, columns, start, end, input.datatype === 'BYTES'),
  }));
  const answer = await requestJson<InferAnswer>(plan.target, `/v2/models/${encodeURIComponent(plan.model.name)}/infer`, {
    method: 'POST',
    contentType: 'application/json',
    body: JSON.stringify({ inputs }),
  });
  if (!Array.isArray(answer.outputs)) throw new UserFacingError(`${plan.target.url} answered an inference request without outputs; is it a KServe v2 inference server?`);
  if (!plan.driftDrop) return [];
  // In the model's order, as the server logs them: its first output is the default prediction.
  const outputs = plan.model.outputs.flatMap((spec) => answer.outputs!.filter((output) => output.name === spec.name)).map(outputTensor);
  try {
    return driftRows({ inputs: inputs.map(inputTensor), outputs, drop: plan.driftDrop });
  } catch (error) {
    if (error instanceof DriftMappingError) throw new UserFacingError(`--output: model '${plan.model.name}': ${error.message}`);
    throw error;
  }
}

/** Rows start…end of the columns, row after row. */
function cells(table: DataTable, columns: readonly string[], start: number, end: number, labels: boolean): (number | string)[] {
  const values: (number | string)[] = [];
  for (let row = start; row < end; row++) {
    for (const column of columns) {
      const value = table.columns[column]![row]!;
      values.push(labels ? String(value) : (value as number));
    }
  }
  return values;
}

/** An input as the server holds it once decoded: FP32 values rounded to single precision, as the drift logging sends them. */
function inputTensor(input: { name: string; datatype: string; shape: number[]; data: (number | string)[] }): NamedTensor {
  if (input.datatype === 'BYTES') return { name: input.name, datatype: 'BYTES', shape: input.shape, data: input.data as string[] };
  const round = input.datatype === 'FP32' ? Math.fround : (value: number) => value;
  return { name: input.name, datatype: 'FP64', shape: input.shape, data: Float64Array.from(input.data as number[], round) };
}

/** An output from the JSON answer: labels stay labels, booleans become 0 and 1 as the drift logging writes them. */
function outputTensor(output: { name: string; datatype: string; shape: readonly number[]; data: unknown }): NamedTensor {
  const flat = Array.isArray(output.data) ? (output.data as unknown[]).flat(Infinity) : [];
  if (output.datatype === 'BYTES') return { name: output.name, datatype: 'BYTES', shape: output.shape, data: flat.map(String) };
  return { name: output.name, datatype: 'FP64', shape: output.shape, data: Float64Array.from(flat, (value) => (typeof value === 'boolean' ? Number(value) : value === null ? Number.NaN : Number(value))) };
}
