import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describeTrackingApi } from './suites/api-behaviour';
import { describeMlflowConformance } from './suites/mlflow-conformance';
import { describeMlflow3Conformance } from './suites/mlflow3-conformance';
import { startTracking } from './support/tracking-harness';

// The embedded store (PGlite, in memory): what `plinth tracking serve` uses with no --database-url.
describe('tracking API on the embedded store', () => {
  describeTrackingApi(() => startTracking({ database: 'memory:' }));
});

describe('MLflow conformance on the embedded store', () => {
  describeMlflowConformance(() => startTracking({ database: 'memory:' }));
});

describe('MLflow 3 clients on the embedded store', () => {
  describeMlflow3Conformance(() => startTracking({ database: 'memory:' }));
});

describe('the embedded store on disk (the default of `plinth tracking serve`)', () => {
  it('keeps experiments, runs and metrics across a restart', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'plinth-tracking-disk-'));
    try {
      const first = await startTracking({ database: path.join(directory, 'db') });
      const experimentId = await first.client.createExperiment('survives-restarts');
      const run = await first.client.createRun({ experiment_id: experimentId });
      await first.client.logMetric(run.info.run_id, { key: 'loss', value: Number.NaN, step: 3 });
      await first.close();

      const second = await startTracking({ database: path.join(directory, 'db') });
      try {
        expect((await second.client.getExperimentByName('survives-restarts')).experiment_id).toBe(experimentId);
        const history = await second.client.getMetricHistory(run.info.run_id, 'loss');
        expect(history.items).toEqual([expect.objectContaining({ key: 'loss', step: 3, value: Number.NaN })]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
