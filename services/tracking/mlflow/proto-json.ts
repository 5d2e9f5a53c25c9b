/**
 * Protobuf's JSON mapping, as MLflow's clients speak it: doubles may be the strings `NaN`,
 * `Infinity` and `-Infinity` (JSON has no such numbers), unset fields and empty lists are left out.
 */

/** A double for a response: NaN and the infinities as protobuf's strings. */
export function encodeDouble(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/** A double from a request (a number or protobuf's string forms); undefined when it is not one. */
export function decodeDouble(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  const trimmed = value.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : undefined;
}

type Compact<T> = { [K in keyof T]: Exclude<T[K], null> };

/** Drops null and undefined fields and empty lists, as protobuf's JSON printer does. */
export function compact<T extends object>(message: T): Compact<T> {
  return Object.fromEntries(
    Object.entries(message).filter(([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0)),
  ) as Compact<T>;
}

/** A key-value list (`[{key, value}]`) from rows. */
export function keyValues(rows: readonly { readonly key: string; readonly value: string }[]): { key: string; value: string }[] {
  return rows.map((row) => ({ key: row.key, value: row.value }));
}
