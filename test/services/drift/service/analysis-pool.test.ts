import { inThreadAnalysis } from '../../../../services/drift/monitor/analysis';
import { MonitorInputError } from '../../../../services/drift/monitor/monitor-input-error';
import { AnalysisPool } from '../../../../services/drift/service/analysis-pool';

const reference = { model: 'churn', input: { format: 'csv', text: 'x,city\n1,a\n2,b\n3,a\n' }, options: {}, maxRows: 100 } as const;

describe('AnalysisPool', () => {
  let pool: AnalysisPool;
  beforeAll(() => {
    pool = new AnalysisPool({ threads: 2 });
  });
  afterAll(() => pool.close());

  it('gives what the same task gives in this thread, for tasks run side by side', async () => {
    const expected = await inThreadAnalysis.run('profileReference', reference);
    const results = await Promise.all([1, 2, 3].map(() => pool.run('profileReference', reference)));
    expect(results).toEqual([expected, expected, expected]);
  });

  it('gives back a refusal as the MonitorInputError it was, with its fields', async () => {
    const refusal = await pool.run('typeBatch', { model: 'churn', input: { format: 'csv', text: 'x,city\n1,a\nabc,b\n' }, columns: [{ name: 'x', type: 'numeric' }, { name: 'city', type: 'categorical' }], maxRows: 10 }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(MonitorInputError);
    expect(refusal).toMatchObject({ kind: 'not_a_number', model: 'churn', input: 'batch', column: 'x', row: 2 });
    expect((refusal as Error).message).toBe('model "churn", batch: column "x", row 2 (line 3): "abc" is not a number, and the column is numeric');
  });

  it('fails tasks once closed', async () => {
    const closing = new AnalysisPool({ threads: 1 });
    const started = closing.run('profileReference', reference);
    await closing.close();
    await expect(started).rejects.toThrow('the analysis pool is closed');
    await expect(closing.run('profileReference', reference)).rejects.toThrow('the analysis pool is closed');
  });
});
