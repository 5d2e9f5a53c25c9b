/**
 * Writes the example traffic of the README's lifecycle walkthrough for the committed classifier
 * (test/fixtures/models/binary-classifier.onnx, four FP32 features): `churn-traffic.csv`, 300 rows like its
 * training data, and `churn-traffic-shifted.csv`, 200 rows whose first two features are shifted by 3, which
 * the drift service reports as drift. The rows are those the lifecycle test sends (the same generator and
 * seeds), rounded to four decimals. Rerun with `npx tsx services/inference/examples/generate-churn-traffic.ts`.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { featureRows } from '../../../test/services/inference/support/classifier-traffic';
import { csvText } from '../../kit/files/csv-text';

const COLUMNS = ['features_0', 'features_1', 'features_2', 'features_3'];

function write(file: string, rows: readonly number[][]): void {
  const records = rows.map((row) => Object.fromEntries(COLUMNS.map((column, index) => [column, Number(row[index]!.toFixed(4))])));
  writeFileSync(path.join(__dirname, file), csvText(COLUMNS, records));
}

write('churn-traffic.csv', featureRows(300, 11));
write('churn-traffic-shifted.csv', featureRows(200, 37, 3));
