import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueMarkdown } from '../../policies/catalogue';
import { SEVERITIES } from '../../policies/engine/rule';
import { ALL_RULES, PACKS } from '../../policies/rules';
import { renderTaggableTypes, scanTaggableTypes } from '../../policies/rules/finops/shared/generate-taggable-types';

const POLICIES = join(__dirname, '..', '..', 'policies');

describe('rule catalogue', () => {
  test('ids are unique and follow PLN-<AREA>-<NNN>', () => {
    const ids = ALL_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^PLN-(AWS|GCP|K8S|ML|COST)-\d{3}$/);
  });

  test('every rule says why it matters and how to fix it, and belongs to a pack', () => {
    for (const rule of ALL_RULES) {
      expect(SEVERITIES).toContain(rule.severity);
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.rationale.length).toBeGreaterThan(30);
      expect(rule.remediation.length).toBeGreaterThan(10);
      expect(rule.resourceTypes.length).toBeGreaterThan(0);
      expect(PACKS.some((pack) => pack.rules.includes(rule))).toBe(true);
    }
  });

  test('no two rules claim the same Checkov check', () => {
    const claimed = ALL_RULES.flatMap((rule) => (rule.checkov ? [rule.checkov] : []));
    expect(new Set(claimed).size).toBe(claimed.length);
  });

  test('has at least 60 rules across the AWS, GCP, Kubernetes, ML platform and FinOps families', () => {
    expect(ALL_RULES.length).toBeGreaterThanOrEqual(60);
    for (const area of ['AWS', 'GCP', 'K8S', 'ML', 'COST']) expect(ALL_RULES.some((rule) => rule.id.startsWith(`PLN-${area}-`))).toBe(true);
  });

  test('each rule file declares exactly one rule', () => {
    for (const pack of readdirSync(join(POLICIES, 'rules'), { withFileTypes: true }).filter((entry) => entry.isDirectory() && entry.name !== 'shared')) {
      for (const file of readdirSync(join(POLICIES, 'rules', pack.name)).filter((name) => name.endsWith('.ts') && name !== 'pack.ts')) {
        const text = readFileSync(join(POLICIES, 'rules', pack.name, file), 'utf8');
        expect([file, (text.match(/^export const \w+ = (resourceRule|moduleRule|unrestrictedIngressRule|kubernetesRule)\(/gm) ?? []).length]).toEqual([file, 1]);
      }
    }
  });

  test('the README catalogue is the one generated from the rules', () => {
    const readme = readFileSync(join(POLICIES, 'README.md'), 'utf8');
    const section = /<!-- catalogue:start -->\n([\s\S]*?)<!-- catalogue:end -->/.exec(readme)?.[1];
    // Regenerate with: npx plinth policy rules --format markdown
    expect(section).toBe(catalogueMarkdown(ALL_RULES, PACKS));
  });

  test('the taggable resource types match the installed provider bindings', () => {
    const committed = readFileSync(join(POLICIES, 'rules', 'finops', 'shared', 'taggable-types.ts'), 'utf8');
    // Regenerate with: npx tsx policies/rules/finops/shared/generate-taggable-types.ts
    expect(committed).toBe(renderTaggableTypes(scanTaggableTypes()));
  });
});
