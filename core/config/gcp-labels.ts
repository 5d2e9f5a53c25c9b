/**
 * GCP labels from Plinth's tags. GCP allows keys and values of at most 63 lower-case letters, digits, `_` and `-`
 * (a key starts with a letter; a value may be empty), where AWS tags allow capitals, spaces and `.:/=+@`. Keys are
 * mapped (lower-cased, every other character becomes `_`: `plinth:environment` → `plinth_environment`); values
 * are lower-cased only, since rewriting a cost center or an owner would silently make another one: a value that
 * still breaks the rules is refused with its tag, and so is a key that cannot be mapped or two keys that map to one.
 */

const LABEL_LIMIT = 63;
const VALUE = /^[a-z0-9_-]*$/;

export interface LabelProblem {
  /** The tag (as platform.yaml names it) whose label cannot be made. */
  readonly tag: string;
  readonly message: string;
}

export interface GcpLabels {
  readonly labels: Readonly<Record<string, string>>;
  readonly problems: readonly LabelProblem[];
}

/** `plinth:environment` → `plinth_environment`, `Cost Center` → `cost_center`. */
export function labelKeyOf(tag: string): string {
  return tag.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
}

/** A value GCP accepts, for the message of a refused one: lower-case, spaces and other characters as `-`. */
function suggestedValue(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, LABEL_LIMIT);
}

export function gcpLabelsOf(tags: Readonly<Record<string, string>>): GcpLabels {
  const labels: Record<string, string> = {};
  const problems: LabelProblem[] = [];
  const mappedFrom = new Map<string, string>();
  for (const [tag, raw] of Object.entries(tags)) {
    const key = labelKeyOf(tag);
    if (!/^[a-z]/.test(key) || key.length > LABEL_LIMIT) {
      problems.push({ tag, message: `tag key "${tag}" cannot be a GCP label key: it must start with a letter and have at most ${LABEL_LIMIT} characters` });
      continue;
    }
    const earlier = mappedFrom.get(key);
    if (earlier !== undefined) {
      problems.push({ tag, message: `tag keys "${earlier}" and "${tag}" both become the GCP label "${key}"; rename one` });
      continue;
    }
    mappedFrom.set(key, tag);
    const value = raw.toLowerCase();
    if (!VALUE.test(value) || value.length > LABEL_LIMIT) {
      const suggestion = suggestedValue(raw);
      problems.push({
        tag,
        message: `found "${raw}"; a GCP label value has at most ${LABEL_LIMIT} lower-case letters, digits, "_" and "-"${suggestion === '' ? '' : ` (such as "${suggestion}")`}`,
      });
      continue;
    }
    labels[key] = value;
  }
  return { labels, problems };
}
