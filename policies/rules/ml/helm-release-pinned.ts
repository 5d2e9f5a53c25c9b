import { fail, pass, resourceRule } from '../../engine/rule';
import { isPresent, isUnresolved } from '../../engine/values';

/** Version constraints rather than versions: `*`, ranges, `x` wildcards. */
const NOT_PINNED = /[*^~<>=|x]|\s-\s|latest/i;

export const helmReleasePinned = resourceRule({
  id: 'PLN-ML-007',
  title: 'Helm releases pin a chart version from a named repository',
  severity: 'high',
  resourceTypes: ['helm_release'],
  rationale: 'Without a pinned version every apply may install a new chart release (monitoring, GPU operator, Feast): untested changes reach production with no diff in review.',
  remediation: 'Set repository to the chart repository URL (or use an oci:// chart) and version to an exact chart version such as "61.3.2".',
  check(release) {
    const { chart, repository, version } = release.values;
    const local = typeof chart === 'string' && (chart.startsWith('./') || chart.startsWith('/') || chart.startsWith('../'));
    const oci = typeof chart === 'string' && chart.startsWith('oci://');
    if (!local && !oci && !isPresent(repository)) return fail('repository', 'is not set; name the chart repository');
    if (local) return pass;
    if (!isPresent(version)) return fail('version', 'is not set, so the latest chart is installed on every apply');
    if (!isUnresolved(version) && NOT_PINNED.test(String(version))) return fail('version', `is "${String(version)}", a range; pin an exact version`);
    return pass;
  },
});
