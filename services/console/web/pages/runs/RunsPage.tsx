import { useEffect, useMemo, useState } from 'preact/hooks';
import { ErrorNotice, Loading, useAsync } from '../../components/status';
import type { PageProps } from '../../router';
import { ServiceMissing } from '../../components/ServiceMissing';
import { MAX_COMPARED, MIN_COMPARED } from './compare-limits';
import { keyColumns } from './run-columns';
import { RunsTable } from './RunsTable';
import { listExperiments, type Run, runLabel, searchRuns } from './tracking-api';
import './runs.css';

/** Server pages of 50 runs: quick to fetch and draw even when an experiment holds 10,000. */
export const RUNS_PER_PAGE = 50;

const ORDERS = [
  { value: '', label: 'Newest first' },
  { value: 'attributes.start_time ASC', label: 'Oldest first' },
  { value: 'attributes.run_name ASC', label: 'Run name' },
];

/** The fixed orders, each metric column's both ways, and the order in the link if it is none of those. */
function orderOptions(current: string, runs: readonly Run[]): { value: string; label: string }[] {
  const metrics = keyColumns(runs, (run) => run.data.metrics).shown.flatMap((key) => {
    // MLflow quotes other keys in backticks, and has no escape for a backtick in one.
    if (key.includes('`')) return [];
    const field = /^[A-Za-z_]\w*$/.test(key) ? key : `\`${key}\``;
    return [
      { value: `metrics.${field} DESC`, label: `${key}, highest first` },
      { value: `metrics.${field} ASC`, label: `${key}, lowest first` },
    ];
  });
  const options = [...ORDERS, ...metrics];
  return options.some((item) => item.value === current) ? options : [...options, { value: current, label: current }];
}

/**
 * Runs of one or every experiment (`#/runs?experiment=<id>&filter=<MLflow filter>&order=<order_by clause>`),
 * a server page at a time; runs ticked on any page can be compared.
 */
export function RunsPage({ query, session, navigate }: PageProps) {
  const experiment = query.get('experiment') ?? '';
  const filter = query.get('filter') ?? '';
  const order = query.get('order') ?? '';
  const [typed, setTyped] = useState(filter);
  useEffect(() => setTyped(filter), [filter]);
  // Page tokens belong to one search: a new search starts again at its first page.
  const searchKey = `${experiment}\n${filter}\n${order}`;
  const [paging, setPaging] = useState<{ key: string; tokens: readonly string[] }>({ key: searchKey, tokens: [] });
  const tokens = paging.key === searchKey ? paging.tokens : [];
  const [selected, setSelected] = useState<ReadonlyMap<string, string>>(new Map());
  const [compareProblem, setCompareProblem] = useState<string>();

  const tracking = session.services.tracking;
  const experiments = useAsync(() => (tracking?.configured === false ? Promise.resolve([]) : listExperiments()), []);
  const experimentIds = useMemo(
    () => (experiment !== '' ? [experiment] : (experiments.data ?? []).map((item) => item.experiment_id)),
    [experiment, experiments.data],
  );
  const runs = useAsync(
    (): Promise<{ runs: Run[]; nextPageToken?: string }> =>
      // "All experiments" waits for the list of experiments (a search names the experiments it covers).
      experiment === '' && !experiments.data
        ? new Promise(() => {})
        : experimentIds.length === 0
          ? Promise.resolve({ runs: [] })
          : searchRuns({ experimentIds, filter, orderBy: order, pageToken: tokens.at(-1), maxResults: RUNS_PER_PAGE }),
    [experimentIds.join(','), filter, order, tokens.at(-1)],
  );

  if (tracking?.configured === false) {
    return (
      <>
        <h1>Runs</h1>
        <ServiceMissing service="tracking" what="runs" />
      </>
    );
  }

  const go = (next: { experiment?: string; filter?: string; order?: string }) => {
    const params = new URLSearchParams();
    const values = { experiment, filter, order, ...next };
    for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
    const text = params.toString();
    navigate(text === '' ? '#/runs' : `#/runs?${text}`);
  };
  const search = (event: Event) => {
    event.preventDefault();
    setPaging({ key: searchKey, tokens: [] });
    go({ filter: typed.trim() });
  };
  const toggle = (run: Run, on: boolean) => {
    const next = new Map(selected);
    if (on) next.set(run.info.run_id, runLabel(run));
    else next.delete(run.info.run_id);
    setSelected(next);
    setCompareProblem(undefined);
  };
  const compare = () => {
    if (selected.size < MIN_COMPARED || selected.size > MAX_COMPARED) {
      setCompareProblem(`Select ${MIN_COMPARED} to ${MAX_COMPARED} runs to compare; ${selected.size} ${selected.size === 1 ? 'is' : 'are'} selected.`);
      return;
    }
    navigate(`#/compare?runs=${[...selected.keys()].map(encodeURIComponent).join(',')}`);
  };
  const nextToken = runs.data?.nextPageToken;

  return (
    <>
      <h1>Runs</h1>
      <form class="stack" role="search" onSubmit={search}>
        <div class="row">
          <div class="stack">
            <label for="runs-experiment">Experiment</label>
            <select id="runs-experiment" value={experiment} onChange={(event) => go({ experiment: event.currentTarget.value })}>
              <option value="">All experiments</option>
              {(experiments.data ?? []).map((item) => (
                <option key={item.experiment_id} value={item.experiment_id}>
                  {item.name}
                </option>
              ))}
            </select>
          </div>
          <div class="stack">
            <label for="runs-order">Order</label>
            <select id="runs-order" value={order} onChange={(event) => go({ order: event.currentTarget.value })}>
              {orderOptions(order, runs.data?.runs ?? []).map((item) => (
                <option key={item.value} value={item.value}>
                  {item.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="row">
          <div class="stack grow">
            <label for="runs-filter">Filter</label>
            <input
              id="runs-filter"
              type="search"
              value={typed}
              onInput={(event) => setTyped(event.currentTarget.value)}
              placeholder="metrics.accuracy > 0.9 AND params.optimizer = 'adam'"
              aria-describedby="runs-filter-help"
              spellcheck={false}
              autocomplete="off"
            />
          </div>
          <button type="submit">Search</button>
        </div>
        <p id="runs-filter-help" class="muted">
          MLflow's search syntax: <code>metrics.loss &lt; 0.2</code>, <code>params.lr = '0.01'</code>, <code>tags.team = 'ml'</code>,{' '}
          <code>attributes.run_name LIKE '%baseline%'</code>, joined with <code>AND</code>.
        </p>
      </form>
      <div class="row compare-bar">
        <button type="button" onClick={compare}>
          Compare selected
        </button>
        <span class="muted" aria-live="polite">
          {selected.size === 0 ? `Tick ${MIN_COMPARED} to ${MAX_COMPARED} runs to compare them.` : `${selected.size} selected: ${[...selected.values()].join(', ')}`}
        </span>
      </div>
      {compareProblem && (
        <p role="alert" class="notice error">
          {compareProblem}
        </p>
      )}
      {experiments.error !== undefined && <ErrorNotice error={experiments.error} />}
      {runs.error !== undefined && <ErrorNotice error={runs.error} />}
      {runs.loading && <Loading what="runs" />}
      {runs.data && runs.error === undefined && (
        <RunsTable runs={runs.data.runs} selected={new Set(selected.keys())} onToggle={toggle} filtered={filter !== ''} />
      )}
      {runs.data && (nextToken || tokens.length > 0) && (
        <div class="row pager">
          <button type="button" class="secondary" disabled={tokens.length === 0} onClick={() => setPaging({ key: searchKey, tokens: tokens.slice(0, -1) })}>
            Previous page
          </button>
          <span class="muted">Page {tokens.length + 1}</span>
          <button type="button" class="secondary" disabled={!nextToken} onClick={() => setPaging({ key: searchKey, tokens: [...tokens, nextToken!] })}>
            Next page
          </button>
        </div>
      )}
    </>
  );
}
