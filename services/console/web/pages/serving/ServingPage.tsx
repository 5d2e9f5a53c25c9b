import { useEffect } from 'preact/hooks';
import type { ServedModelStats, ServingSnapshot } from '../../../server/serving-stats';
import { consoleJson } from '../../api';
import { ErrorNotice, Loading, useAsync } from '../../components/status';
import { formatNumber, formatTime } from '../../format';
import type { PageProps } from '../../router';
import { ServiceMissing } from '../../components/ServiceMissing';

/** How often the page reads the serving figures while it is open. */
export const SERVING_POLL_MS = 5000;

const STATE_BADGE: Record<string, string> = { READY: 'pass', UNAVAILABLE: 'fail' };

/**
 * `#/serving`: the models the inference server has loaded, with their request rate, latency and error rate
 * from its Triton metrics (the console scrapes them: `GET /console/api/serving`), read again every 5 s.
 */
export function ServingPage({ session }: PageProps) {
  const configured = session.services.inference?.configured ?? false;
  const snapshot = useAsync(() => (configured ? consoleJson<ServingSnapshot>('serving') : Promise.resolve(undefined)), [configured]);
  const { reload } = snapshot;
  useEffect(() => {
    if (!configured) return undefined;
    const timer = setInterval(reload, SERVING_POLL_MS);
    return () => clearInterval(timer);
  }, [configured, reload]);

  return (
    <>
      <h1>Serving</h1>
      {!configured ? (
        <ServiceMissing service="inference" what="the models served" />
      ) : (
        <>
          {/* A failed poll keeps the last figures on screen, under the error. */}
          {snapshot.error ? <ErrorNotice error={snapshot.error} /> : null}
          {snapshot.data ? <ServingTable snapshot={snapshot.data} /> : snapshot.error ? null : <Loading what="the served models" />}
        </>
      )}
    </>
  );
}

function ServingTable({ snapshot }: { snapshot: ServingSnapshot }) {
  const noRate = snapshot.rate_interval_seconds === null;
  return (
    <>
      <p class="muted">
        Read at {formatTime(snapshot.scraped_at)};{' '}
        {noRate ? 'no rate yet: rates appear from the next reading, in 5 s.' : `rates over the last ${snapshot.rate_interval_seconds.toFixed(1)} s.`} Latencies over the server's
        last minute.
      </p>
      <div class="table-wrap">
        <table class="data">
          <caption>Loaded models</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Version</th>
              <th scope="col">State</th>
              <th scope="col" class="number">Requests/s</th>
              <th scope="col" class="number">p50 (ms)</th>
              <th scope="col" class="number">p99 (ms)</th>
              <th scope="col" class="number">Error rate</th>
            </tr>
          </thead>
          <tbody>
            {snapshot.models.length === 0 ? (
              <tr>
                <td colSpan={7} class="muted">
                  The inference server has no model in its repository.
                </td>
              </tr>
            ) : (
              snapshot.models.map((model) => <ModelRow key={`${model.model}/${model.version ?? ''}`} model={model} />)
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ModelRow({ model }: { model: ServedModelStats }) {
  const requests = model.totals.successes + model.totals.failures;
  return (
    <tr>
      <th scope="row">{model.model}</th>
      <td>{model.version ?? '–'}</td>
      <td>
        <span class={`badge ${STATE_BADGE[model.state] ?? ''}`} title={model.reason || undefined}>
          {model.state || 'not loaded'}
        </span>
        {model.reason ? <div class="muted">{model.reason}</div> : null}
      </td>
      <td class="number" title={`${formatNumber(requests)} requests since it was loaded`}>
        {model.requests_per_second === null ? 'no rate yet' : formatNumber(round(model.requests_per_second))}
      </td>
      <td class="number">{formatNumber(model.p50_ms === null ? null : round(model.p50_ms))}</td>
      <td class="number">{formatNumber(model.p99_ms === null ? null : round(model.p99_ms))}</td>
      <td class="number" title={`${formatNumber(model.totals.failures)} failed of ${formatNumber(requests)} since it was loaded`}>
        {model.error_rate === null ? (model.requests_per_second === null ? 'no rate yet' : '–') : `${(model.error_rate * 100).toFixed(1)}%`}
      </td>
    </tr>
  );
}

/** Three significant digits: 12.3 requests/s, 0.482 ms. */
function round(value: number): number {
  return Number(value.toPrecision(3));
}
