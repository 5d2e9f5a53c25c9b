import type { ArtifactStore } from '../kit/artifacts/artifact-store';
import type { Database } from '../kit/database/database';

/** What every tracking handler works with. */
export interface TrackingContext {
  readonly db: Database;
  readonly artifacts: ArtifactStore;
  /**
   * Test-only: milliseconds to wait inside the log-batch transaction, after its writes and before
   * COMMIT, so that a crash test can kill the process at a known point. Set from
   * `PLINTH_TRACKING_TEST_PAUSE_IN_LOG_BATCH_MS`; never set in production.
   * @default 0
   */
  readonly pauseInLogBatchMs?: number;
}
