/** One sample of a scrape: `name{label="value",...} 42`. */
export interface PrometheusSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;

/**
 * The samples of Prometheus's text exposition format (version 0.0.4, what prom-client and Triton write).
 * Hand-written because no installed package parses it: prom-client only writes it, and the parsers on npm
 * (parse-prometheus-text-format and the like) are not dependencies of this repo. Comments (`# HELP`,
 * `# TYPE`) and blank lines are skipped; a line that is not a sample throws, naming it.
 */
export function parsePrometheusText(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = SAMPLE.exec(line);
    const labels = match && parseLabels(match[2] ?? '');
    const value = match && parseValue(match[3]!);
    if (!match || labels === undefined || value === undefined) throw new SyntaxError(`line ${index + 1} is not a Prometheus sample: ${JSON.stringify(line.slice(0, 120))}`);
    samples.push({ name: match[1]!, labels: labels!, value: value! });
  });
  return samples;
}

function parseLabels(text: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const start = LABEL.lastIndex;
    const match = LABEL.exec(text);
    if (!match) return text.slice(start).trim() === '' ? labels : undefined;
    labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, escaped: string) => (escaped === 'n' ? '\n' : escaped));
  }
  return labels;
}

/**
 * A sample's value as Prometheus reads it (Go's strconv.ParseFloat): NaN and infinities in any case, so
 * prom-client's `Nan` (what it writes for NaN, e.g. the event-loop lag before its first sample) is NaN.
 */
function parseValue(text: string): number | undefined {
  const word = text.toLowerCase();
  if (word === '+inf' || word === 'inf' || word === '+infinity' || word === 'infinity') return Infinity;
  if (word === '-inf' || word === '-infinity') return -Infinity;
  if (word === 'nan') return Number.NaN;
  const value = Number(text);
  return text !== '' && !Number.isNaN(value) ? value : undefined;
}
