import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { ServiceConfigError } from '../../kit/server/errors';

const ColumnNames = z.array(z.string().min(1)).min(1);

const ModelColumns = z
  .object({
    inputs: z.record(z.string(), ColumnNames).optional(),
    outputs: z.record(z.string(), ColumnNames).optional(),
    prediction: z.string().min(1).optional(),
  })
  .strict();

/**
 * How one model's tensors become drift columns. Without an entry, an input or output `t` of shape
 * [N, k] becomes the columns `t_0` … `t_{k-1}` (a rank-1 tensor the column `t`), and the model's first
 * output becomes the `prediction` column.
 */
export type ModelColumns = z.infer<typeof ModelColumns>;

const DriftColumnMapFile = z.object({ models: z.record(z.string(), ModelColumns) }).strict();

/** Per served model name, its column mapping. */
export type DriftColumnMap = Readonly<Record<string, ModelColumns>>;

/**
 * Reads `--drift-columns`: YAML (or JSON) such as
 * `models: { churn: { inputs: { features: [age, tenure] }, outputs: { probabilities: [p_stay, p_churn] }, prediction: label } }`.
 * Every problem is reported at once, each with its path, as a configuration error.
 */
export async function readDriftColumnMap(file: string): Promise<DriftColumnMap> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new ServiceConfigError(`--drift-columns ${file}: cannot read it (${error.code ?? error.message})`);
  });
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new ServiceConfigError(`--drift-columns ${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const parsed = DriftColumnMapFile.safeParse(document);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    throw new ServiceConfigError(
      `--drift-columns ${file}: ${problems.join('; ')} (expected models.<model>.inputs.<tensor>: [column, ...], models.<model>.outputs.<tensor>: [column, ...], models.<model>.prediction: <output>)`,
    );
  }
  return parsed.data.models;
}
