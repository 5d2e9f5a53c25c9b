import { kolmogorovSurvival } from '../../../services/drift/math/kolmogorov-distribution';
import { probabilityOutsideBand, probabilityOutsideSquare } from '../../../services/drift/math/ks-exact';
import { smirnovSurvival } from '../../../services/drift/math/smirnov';
import { chiSquareSurvival, twoSidedNormalPValue } from '../../../services/drift/math/special-functions';
import { readFixture, relativeError } from './fixture-data';

interface DistributionGrids {
  kstwo_sf: [n: number, x: number, sf: number][];
  ks_exact: [n1: number, n2: number, h: number, p: number][];
  chi_square_survival: [df: number, x: number, sf: number][];
  two_sided_normal: [z: number, p: number][];
  smirnov: [n: number, x: number, sf: number][];
}

const grids = readFixture<DistributionGrids>('distributions.json');
const TOLERANCE = 1e-9;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

describe('Kolmogorov–Smirnov distributions against scipy', () => {
  it.each(grids.kstwo_sf)('kstwo.sf(x, n=%d) at x=%d', (n, x, expected) => {
    expect(relativeError(kolmogorovSurvival(n, x), expected)).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each(grids.ks_exact)('exact two-sample Pr(D ≥ h/lcm) for n1=%d, n2=%d, h=%d', (n1, n2, h, expected) => {
    const p = n1 === n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideBand(n1, n2, gcd(n1, n2), h);
    expect(relativeError(p, expected)).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each(grids.smirnov)('smirnov(n=%d, x=%d)', (n, x, expected) => {
    expect(relativeError(smirnovSurvival(n, x), expected)).toBeLessThanOrEqual(TOLERANCE);
  });
});

describe('special functions against scipy', () => {
  it.each(grids.chi_square_survival)('chdtrc(df=%d, x=%d)', (df, x, expected) => {
    expect(relativeError(chiSquareSurvival(x, df), expected)).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each(grids.two_sided_normal)('2·norm.sf(|z|) at z=%d', (z, expected) => {
    expect(relativeError(twoSidedNormalPValue(z), expected)).toBeLessThanOrEqual(TOLERANCE);
  });
});
