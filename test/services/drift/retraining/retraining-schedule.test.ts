import type { Clock } from '../../../../services/kit/clock';
import { DriftMonitor } from '../../../../services/drift/monitor/drift-monitor';
import { InMemoryDriftStore } from '../../../../services/drift/monitor/memory-drift-store';
import { startRetrainingSchedule } from '../../../../services/drift/retraining/retraining-schedule';

const DAY = 86_400_000;
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ x: i }));

async function storeWithModels() {
  const store = new InMemoryDriftStore();
  const monitor = new DriftMonitor({ store, windowRows: 20, minWindowRows: 10 });
  await monitor.registerReference('churn', { format: 'rows', rows: rows(50) });
  await monitor.registerReference('fraud', { format: 'rows', rows: rows(50) });
  const batch = await monitor.ingestBatch('churn', { format: 'rows', rows: rows(10) });
  return { store, churnReport: batch.report };
}

describe('startRetrainingSchedule', () => {
  afterEach(() => jest.useRealTimers());

  it('triggers every registered model on each tick, with the slot\'s start and the latest report', async () => {
    const { store, churnReport } = await storeWithModels();
    const calls: unknown[][] = [];
    const clock: Clock = { now: () => new Date(Date.parse('2025-03-05T17:45:00Z')), sleep: async () => undefined };
    const schedule = startRetrainingSchedule({ store, clock, everyMs: DAY, trigger: { onSchedule: async (...args) => void calls.push(args) } });
    try {
      await schedule.tick();
    } finally {
      schedule.stop();
    }
    const slot = new Date('2025-03-05T00:00:00Z');
    expect(calls).toEqual(expect.arrayContaining([['churn', slot, churnReport], ['fraud', slot, undefined]]));
    expect(calls).toHaveLength(2);
  });

  it('ticks every everyMs until stopped, and reports a failing tick instead of throwing', async () => {
    jest.useFakeTimers();
    const { store } = await storeWithModels();
    let ticks = 0;
    const errors: unknown[] = [];
    const schedule = startRetrainingSchedule({
      store,
      everyMs: 1000,
      onError: (error) => errors.push(error),
      trigger: {
        onSchedule: async (model) => {
          if (model === 'churn') ticks++;
          if (ticks === 2) throw new Error('store unavailable');
        },
      },
    });
    await jest.advanceTimersByTimeAsync(3500);
    schedule.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(ticks).toBe(3);
    expect(errors).toEqual([new Error('store unavailable')]);
  });

  it('refuses an interval that is not a positive whole number of milliseconds', () => {
    expect(() => startRetrainingSchedule({ store: new InMemoryDriftStore(), everyMs: 0, trigger: { onSchedule: async () => undefined } })).toThrow(
      /everyMs must be a positive integer; found 0/,
    );
  });
});
