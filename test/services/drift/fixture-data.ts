import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawValues } from '../../../services/drift/sample';

/** Where test/fixtures/drift/generate.py writes its JSON. */
export const FIXTURE_DIR = join(__dirname, '..', '..', 'fixtures', 'drift');

export function readFixture<T>(file: string): T {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, file), 'utf8')) as T;
}

/** A sample as generate.py describes it: inline values, or a Park–Miller draw. */
export type SampleSpec =
  | { values: (number | string | null)[]; labels?: boolean }
  | { shape: 'uniform' | 'bell' | 'levels' | 'labels'; n: number; seed: number; scale?: number; shift?: number; levels?: number };

/** Park–Miller minimal standard generator, exactly as generate.py's `ParkMiller`. */
class ParkMiller {
  constructor(private state: number) {}

  uniform(): number {
    this.state = (this.state * 48271) % 2147483647;
    return this.state / 2147483647;
  }
}

/** The same values generate.py's `materialize` produces: "inf"/"-inf" strings and null mark non-finite numbers. */
export function materialize(spec: SampleSpec): RawValues {
  if ('values' in spec) {
    if (spec.labels) return spec.values.map((v) => (v === null ? null : String(v)));
    return Float64Array.from(spec.values, (v) => (v === null ? Number.NaN : Number(v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v)));
  }
  const rng = new ParkMiller(spec.seed);
  const scale = spec.scale ?? 1;
  const shift = spec.shift ?? 0;
  const levels = spec.levels ?? 0;
  switch (spec.shape) {
    case 'uniform':
      return Float64Array.from({ length: spec.n }, () => shift + scale * rng.uniform());
    case 'bell':
      return Float64Array.from(
        { length: spec.n },
        () => shift + scale * (rng.uniform() + rng.uniform() + rng.uniform() + rng.uniform() - 2.0),
      );
    case 'levels':
      return Float64Array.from({ length: spec.n }, () => shift + scale * Math.floor(rng.uniform() * levels));
    case 'labels':
      return Array.from({ length: spec.n }, () => {
        const u = rng.uniform();
        return `c${Math.floor(u * u * levels)}`;
      });
  }
}

/** |actual − expected| relative to |expected|; 0 when both are equal (including both 0). */
export function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.abs(expected);
}
