import { gcpLabelsOf, labelKeyOf } from '../../core/config/gcp-labels';

describe('GCP labels from Plinth tags', () => {
  it('maps keys to GCP’s alphabet and lower-cases values, so the environment’s own tags become labels', () => {
    const { labels, problems } = gcpLabelsOf({ owner: 'ML-Platform', 'cost-center': 'cc-1', 'plinth:environment': 'acme-ml-dev', 'managed-by': 'plinth', 'plinth:production': 'true', ttl: '72h' });
    expect(problems).toEqual([]);
    expect(labels).toEqual({ owner: 'ml-platform', 'cost-center': 'cc-1', plinth_environment: 'acme-ml-dev', 'managed-by': 'plinth', plinth_production: 'true', ttl: '72h' });
  });

  it('keeps every label within GCP’s rules for any key it accepts', () => {
    for (const key of ['Team', 'a.b/c=d+e@f g', 'x'.repeat(63), 'plinth:environment']) {
      const { labels, problems } = gcpLabelsOf({ [key]: 'v' });
      expect(problems).toEqual([]);
      for (const [label, value] of Object.entries(labels)) {
        expect(label).toMatch(/^[a-z][a-z0-9_-]{0,62}$/);
        expect(value).toMatch(/^[a-z0-9_-]{0,63}$/);
      }
    }
    expect(labelKeyOf('Cost Center')).toBe('cost_center');
  });

  it('refuses what cannot be mapped, naming the tag, and suggests a value', () => {
    expect(gcpLabelsOf({ owner: 'ML Platform' }).problems).toEqual([{ tag: 'owner', message: 'found "ML Platform"; a GCP label value has at most 63 lower-case letters, digits, "_" and "-" (such as "ml-platform")' }]);
    expect(gcpLabelsOf({ '9lives': 'x' }).problems[0]!.message).toContain('must start with a letter');
    expect(gcpLabelsOf({ 'a:b': 'x', 'a/b': 'y' }).problems[0]!.message).toBe('tag keys "a:b" and "a/b" both become the GCP label "a_b"; rename one');
  });
});
