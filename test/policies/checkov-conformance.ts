import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ruleContext } from '../../policies/engine/evaluate';
import { loadInput } from '../../policies/engine/inputs';
import type { Rule } from '../../policies/engine/rule';

/**
 * Runs Plinth's rules on Checkov's own fixtures and compares verdicts with the ones Checkov's tests
 * expect. The fixtures live in the shared reference folder beside the repository (Apache-2.0, see
 * its NOTICE.md: Checkov 3.3.13), which this project's own CI checks out next to every clone but a
 * GitHub runner does not have; PLINTH_CHECKOV_REFERENCE points elsewhere.
 */
export const CHECKOV_REFERENCE = process.env.PLINTH_CHECKOV_REFERENCE ?? join(__dirname, '..', '..', '..', 'shared', 'reference', 'checkov');

/** The opt-in: `.ci/run` sets it to 1; anywhere else the conformance test is skipped, loudly. */
export const CHECKOV_CONFORMANCE_VARIABLE = 'PLINTH_CHECKOV_CONFORMANCE';

/**
 * Whether the conformance test runs. Not opted in: SKIPPED with the way to opt in, even under CI=true
 * (the reference is not part of the repository). Opted in: the reference must be there, else it fails.
 */
export function checkovConformanceEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env[CHECKOV_CONFORMANCE_VARIABLE] !== '1') {
    process.stderr.write(
      `\nSKIPPED: Checkov conformance (Plinth's rules against Checkov's own fixtures) is opt-in: ` +
        `${CHECKOV_CONFORMANCE_VARIABLE} is ${env[CHECKOV_CONFORMANCE_VARIABLE] === undefined ? 'not set' : `"${env[CHECKOV_CONFORMANCE_VARIABLE]}"`}. ` +
        `Set ${CHECKOV_CONFORMANCE_VARIABLE}=1 with the reference fixtures at ${CHECKOV_REFERENCE} (or PLINTH_CHECKOV_REFERENCE); .ci/run does.\n\n`,
    );
    return false;
  }
  if (existsSync(join(CHECKOV_REFERENCE, 'NOTICE.md'))) return true;
  throw new Error(`${CHECKOV_CONFORMANCE_VARIABLE}=1 but the Checkov reference fixtures are not at ${CHECKOV_REFERENCE} (set PLINTH_CHECKOV_REFERENCE, or unset ${CHECKOV_CONFORMANCE_VARIABLE})`);
}

interface Expected {
  readonly id: string;
  readonly fixtures: readonly string[];
  readonly expected_passing: readonly string[];
  readonly expected_failing: readonly string[];
}

export interface AddressResult {
  readonly address: string;
  readonly expected: 'pass' | 'fail' | 'both';
  /** What Plinth said across the fixture files declaring the address. */
  readonly actual: readonly string[];
  readonly agrees: boolean;
}

export interface CheckConformance {
  readonly checkov: string;
  readonly ruleId: string;
  readonly results: readonly AddressResult[];
  /** Expected addresses no fixture file declares (Checkov's copy lost a file), left out of the figure. */
  readonly missing: readonly string[];
  readonly agreed: number;
  readonly total: number;
}

export function checkovIds(): string[] {
  return readdirSync(CHECKOV_REFERENCE)
    .filter((name) => existsSync(join(CHECKOV_REFERENCE, name, 'expected.json')))
    .sort();
}

export async function conformance(checkov: string, rule: Rule): Promise<CheckConformance> {
  const folder = join(CHECKOV_REFERENCE, checkov);
  const expected = JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8')) as Expected;
  const verdicts = new Map<string, Set<string>>();
  // Each file on its own: Checkov's fixture folders reuse addresses across files.
  const files = readdirSync(folder).filter((name) => name.endsWith('.tf'));
  for (const file of files) {
    for (const graph of await loadInput(join(folder, file))) {
      const context = ruleContext(graph);
      for (const resource of graph.resources) {
        const covered = rule.scope === 'resource' && rule.resourceTypes.includes(resource.type);
        const verdict = covered ? rule.check(resource, context).status : 'type not covered';
        verdicts.set(resource.address, (verdicts.get(resource.address) ?? new Set()).add(verdict));
      }
    }
  }
  const results: AddressResult[] = [];
  const missing: string[] = [];
  const addresses = new Set([...expected.expected_passing, ...expected.expected_failing]);
  for (const address of [...addresses].sort()) {
    const actual = verdicts.get(address);
    if (!actual) {
      missing.push(address);
      continue;
    }
    const expectPass = expected.expected_passing.includes(address);
    const expectFail = expected.expected_failing.includes(address);
    // Checkov reports no "unknown": only pass and fail verdicts are compared.
    const agrees = actual.has('pass') === expectPass && actual.has('fail') === expectFail;
    results.push({ address, expected: expectPass && expectFail ? 'both' : expectPass ? 'pass' : 'fail', actual: [...actual].sort(), agrees });
  }
  return { checkov, ruleId: rule.id, results, missing, agreed: results.filter((result) => result.agrees).length, total: results.length };
}
