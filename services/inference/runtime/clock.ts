/**
 * The runtime's clock: nanoseconds since this module loaded, as a number. process.hrtime is one
 * monotonic clock for every thread of the process, so a model thread's readings (bigint, absolute)
 * land on the same timeline through fromHrtime.
 */
const ORIGIN = process.hrtime.bigint();

export function nowNs(): number {
  return Number(process.hrtime.bigint() - ORIGIN);
}

export function fromHrtime(reading: bigint): number {
  return Number(reading - ORIGIN);
}
