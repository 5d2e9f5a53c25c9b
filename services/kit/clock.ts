import { setTimeout as delay } from 'node:timers/promises';

/**
 * Time as the monitor and the retraining trigger see it. Injected so that tests of cool-downs and backoff
 * run in microseconds and always take the same path.
 */
export interface Clock {
  now(): Date;
  sleep(milliseconds: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (milliseconds) => delay(milliseconds),
};
