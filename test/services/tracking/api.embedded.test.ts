import { describeTrackingApi } from './suites/api-behaviour';
import { describeMlflowConformance } from './suites/mlflow-conformance';
import { startTracking } from './support/tracking-harness';

// The embedded store (PGlite, in memory): what `plinth tracking serve` uses with no --database-url.
describe('tracking API on the embedded store', () => {
  describeTrackingApi(() => startTracking({ database: 'memory:' }));
});

describe('MLflow conformance on the embedded store', () => {
  describeMlflowConformance(() => startTracking({ database: 'memory:' }));
});
