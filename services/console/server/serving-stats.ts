import { ServiceError } from '../../kit/server/errors';
import { type PrometheusSample, parsePrometheusText } from './prometheus-text';

/** What the console's Serving page shows (`GET /console/api/serving`). */
export interface ServingSnapshot {
  /** When the inference server was read (ISO 8601). */
  readonly scraped_at: string;
  /** Seconds between the two scrapes the rates are computed over; null when there is no rate yet. */
  readonly rate_interval_seconds: number | null;
  /** Why the rates are null: "no rate yet" until two scrapes at least a second apart. */
  readonly rate_note?: string;
  /** The repository index, a row per model version served (a model not loaded: one row, version null). */
  readonly models: readonly ServedModelStats[];
}

export interface ServedModelStats {
  readonly model: string;
  /** null for a model that no version serves (not loaded, or failed to load). */
  readonly version: string | null;
  /** The repository index's state: READY, UNAVAILABLE, or "" for a model in the repository but not loaded. */
  readonly state: string;
  /** Why the model is unavailable (its load failure); "" otherwise. */
  readonly reason: string;
  /** Requests (answered or failed) per second between the two scrapes; null: no rate yet. */
  readonly requests_per_second: number | null;
  /** failures / (successes + failures) between the two scrapes; null: no rate yet, or no request in between. */
  readonly error_rate: number | null;
  /** Median request duration in milliseconds over the server's last minute (Triton's summary window); null: no request in it. */
  readonly p50_ms: number | null;
  /** 99th percentile of the request duration, in milliseconds, over the same window; null: no request in it. */
  readonly p99_ms: number | null;
  /** Since the server started serving this version. */
  readonly totals: { readonly successes: number; readonly failures: number; readonly inferences: number };
}

export interface ServingStatsOptions {
  /** The inference server's base URL (Triton's HTTP protocol, e.g. `plinth inference serve`). */
  readonly inferenceUrl: string;
  /** @default - Date.now */
  readonly now?: () => number;
  /**
   * How long one request to the inference server may take.
   * @default 5000
   */
  readonly timeoutMs?: number;
}

/** Rates over less than this are mostly noise (and a double click would divide by almost nothing). */
export const MIN_RATE_INTERVAL_MS = 1000;

interface Counts {
  readonly successes: number;
  readonly failures: number;
  readonly inferences: number;
}

interface Scrape {
  readonly at: number;
  /** Counters by `model\0version`. */
  readonly counts: ReadonlyMap<string, Counts>;
  /** Summary quantiles in microseconds by `model\0version`, then quantile ("0.5", "0.99"). */
  readonly quantiles: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

interface IndexEntry {
  readonly name: string;
  readonly version?: string;
  readonly state?: string;
  readonly reason?: string;
}

const ZERO: Counts = { successes: 0, failures: 0, inferences: 0 };
const key = (model: string, version: string) => `${model}\0${version}`;

/**
 * The inference server's models with their traffic: it asks for the repository index and scrapes the
 * Triton metrics (`/metrics`), and keeps the previous scrapes to turn counters into rates. One instance
 * serves every session: the metrics are the server's, whoever asks.
 */
export class ServingStats {
  private readonly baseUrl: string;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  /** The last two scrapes kept, at least MIN_RATE_INTERVAL_MS apart, oldest first. */
  private kept: Scrape[] = [];

  constructor(options: ServingStatsOptions) {
    this.baseUrl = options.inferenceUrl.replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /** The models and their rates; throws ServiceError when the server refuses the token or cannot be read. */
  async read(token: string | undefined): Promise<ServingSnapshot> {
    // Both at once, but the index's refusal first: it is the one that says whether the token is taken.
    const scraping = this.metrics(token);
    scraping.catch(() => undefined);
    const index = await this.repositoryIndex(token);
    const metrics = await scraping;
    const scrape = scrapeOf(this.now(), metrics);
    const baseline = this.baselineFor(scrape.at);
    this.keep(scrape);
    const models = index.map((entry) => modelStats(entry, scrape, baseline));
    return {
      scraped_at: new Date(scrape.at).toISOString(),
      rate_interval_seconds: baseline === undefined ? null : (scrape.at - baseline.at) / 1000,
      ...(baseline === undefined ? { rate_note: 'no rate yet: rates need two reads at least a second apart' } : {}),
      models,
    };
  }

  /** The newest kept scrape far enough back; several pages polling at once share the same baseline. */
  private baselineFor(at: number): Scrape | undefined {
    return [...this.kept].reverse().find((scrape) => at - scrape.at >= MIN_RATE_INTERVAL_MS);
  }

  private keep(scrape: Scrape): void {
    const newest = this.kept[this.kept.length - 1];
    if (newest !== undefined && scrape.at - newest.at < MIN_RATE_INTERVAL_MS) return;
    this.kept = [...this.kept, scrape].slice(-2);
  }

  private async repositoryIndex(token: string | undefined): Promise<IndexEntry[]> {
    const body = await this.fetch('/v2/repository/index', token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    let index: unknown;
    try {
      index = JSON.parse(body);
    } catch {
      index = undefined;
    }
    if (!Array.isArray(index) || !index.every((entry) => typeof entry === 'object' && entry !== null && typeof entry.name === 'string')) {
      throw new ServiceError('unavailable', `The inference server at ${this.baseUrl} answered POST /v2/repository/index with something other than a list of models`);
    }
    return index as IndexEntry[];
  }

  private async metrics(token: string | undefined): Promise<PrometheusSample[]> {
    const text = await this.fetch('/metrics', token, { method: 'GET' });
    try {
      return parsePrometheusText(text);
    } catch (error) {
      throw new ServiceError('unavailable', `The inference server at ${this.baseUrl} answered GET /metrics with something other than Prometheus metrics: ${(error as Error).message}`);
    }
  }

  private async fetch(path: string, token: string | undefined, init: RequestInit): Promise<string> {
    const headers = { ...(init.headers as Record<string, string>), ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) };
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { ...init, headers, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new ServiceError('unavailable', `The inference server at ${this.baseUrl} cannot be reached (${cause})`);
    }
    const text = await response.text();
    if (response.ok) return text;
    const message = `The inference server refused ${init.method} ${path} (${response.status}): ${errorMessage(text)}`;
    if (response.status === 401) throw new ServiceError('unauthenticated', message);
    if (response.status === 403) throw new ServiceError('forbidden', message);
    throw new ServiceError('unavailable', message);
  }
}

function scrapeOf(at: number, samples: readonly PrometheusSample[]): Scrape {
  const counts = new Map<string, Counts>();
  const quantiles = new Map<string, Map<string, number>>();
  const add = (sample: PrometheusSample, field: keyof Counts) => {
    const id = key(sample.labels.model ?? '', sample.labels.version ?? '');
    const current = counts.get(id) ?? ZERO;
    counts.set(id, { ...current, [field]: current[field] + sample.value });
  };
  for (const sample of samples) {
    if (sample.name === 'nv_inference_request_success') add(sample, 'successes');
    // One series per failure reason (REJECTED, BACKEND, OTHER): summed.
    else if (sample.name === 'nv_inference_request_failure') add(sample, 'failures');
    else if (sample.name === 'nv_inference_count') add(sample, 'inferences');
    else if (sample.name === 'nv_inference_request_summary_us' && sample.labels.quantile !== undefined) {
      const id = key(sample.labels.model ?? '', sample.labels.version ?? '');
      if (!quantiles.has(id)) quantiles.set(id, new Map());
      quantiles.get(id)!.set(sample.labels.quantile, sample.value);
    }
  }
  return { at, counts, quantiles };
}

function modelStats(entry: IndexEntry, scrape: Scrape, baseline: Scrape | undefined): ServedModelStats {
  const version = entry.version ?? null;
  const id = key(entry.name, version ?? '');
  const totals = version === null ? ZERO : (scrape.counts.get(id) ?? ZERO);
  const quantile = (q: string) => {
    const us = scrape.quantiles.get(id)?.get(q);
    return us === undefined || !Number.isFinite(us) ? null : us / 1000;
  };
  let requestsPerSecond: number | null = null;
  let errorRate: number | null = null;
  if (baseline !== undefined) {
    const before = baseline.counts.get(id) ?? ZERO;
    const successes = increase(before.successes, totals.successes);
    const failures = increase(before.failures, totals.failures);
    requestsPerSecond = (successes + failures) / ((scrape.at - baseline.at) / 1000);
    errorRate = successes + failures === 0 ? null : failures / (successes + failures);
  }
  return {
    model: entry.name,
    version,
    state: entry.state ?? '',
    reason: entry.reason ?? '',
    requests_per_second: requestsPerSecond,
    error_rate: errorRate,
    p50_ms: quantile('0.5'),
    p99_ms: quantile('0.99'),
    totals,
  };
}

/** A counter's increase; one that went down was reset (the server restarted), so all of it is new, as Prometheus's rate() reads it. */
function increase(before: number, after: number): number {
  return after >= before ? after - before : after;
}

/** Triton's `{"error": "..."}`, the kit's `{"error": {"message"}}`, or the text itself, shortened. */
function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: string | { message?: string } };
    const message = typeof body.error === 'string' ? body.error : body.error?.message;
    if (message) return message;
  } catch {
    // Not JSON: the text itself.
  }
  return text.slice(0, 200) || 'no message';
}
