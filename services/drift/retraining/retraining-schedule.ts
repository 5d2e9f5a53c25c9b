import { type Clock, systemClock } from '../../kit/clock';
import type { DriftStore, StoredReport } from '../monitor/drift-store';
import { DriftConfigError } from '../monitor/drift-config-error';

export interface RetrainingScheduleProps {
  readonly store: DriftStore;
  /** A RetrainingTrigger. */
  readonly trigger: { onSchedule(model: string, slot: Date, latest?: StoredReport): Promise<unknown> };
  /** How often every model with a reference is sent a retraining trigger (the cool-down still applies). */
  readonly everyMs: number;
  /** @default - the system clock */
  readonly clock?: Clock;
  /** A tick that failed (the store, not the webhook: the trigger records those). @default - written to standard error */
  readonly onError?: (error: unknown) => void;
}

export interface RetrainingSchedule {
  /** Runs one tick now, for every model; resolves when all of its triggers have ended. */
  tick(): Promise<void>;
  stop(): void;
}

/** Triggers retraining of every registered model every `everyMs`, with the slot's start as the idempotency slot. */
export function startRetrainingSchedule(props: RetrainingScheduleProps): RetrainingSchedule {
  if (!(Number.isInteger(props.everyMs) && props.everyMs > 0)) throw new DriftConfigError(`everyMs must be a positive integer; found ${props.everyMs}`);
  const clock = props.clock ?? systemClock;
  const onError = props.onError ?? ((error: unknown) => process.stderr.write(`drift retraining schedule: ${String(error)}\n`));
  const tick = async () => {
    const now = clock.now().getTime();
    const slot = new Date(now - (now % props.everyMs));
    const models = await props.store.listModels();
    await Promise.all(
      models.map(async (model) => {
        const profile = await props.store.loadProfileSummary(model);
        const latest = profile === undefined ? undefined : await props.store.latestReport(model, profile.id);
        await props.trigger.onSchedule(model, slot, latest);
      }),
    );
  };
  // unref: a pending tick must not keep a process alive that is otherwise shutting down.
  const timer = setInterval(() => tick().catch(onError), props.everyMs).unref();
  return { tick, stop: () => clearInterval(timer) };
}
