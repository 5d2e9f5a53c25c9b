import { ErrorNotice, Loading, useAsync } from '../../components/status';
import { formatNumber, formatTime } from '../../format';
import type { PageProps } from '../../router';
import { ServiceMissing } from '../../components/ServiceMissing';
import { driftApi } from './drift-api';
import { DriftVerdict, percent } from './DriftVerdict';

/** `#/drift`: every model the drift service watches, with the verdict of its latest report. */
export function DriftModelsPage({ session }: PageProps) {
  const configured = session.services.drift?.configured ?? false;
  const models = useAsync(() => (configured ? driftApi.models() : Promise.resolve({ models: [] })), [configured]);
  return (
    <>
      <h1>Drift</h1>
      {!configured ? (
        <ServiceMissing service="drift" what="the monitored models" />
      ) : models.error ? (
        <ErrorNotice error={models.error} />
      ) : !models.data ? (
        <Loading what="the monitored models" />
      ) : models.data.models.length === 0 ? (
        <p class="notice">No model has a reference yet: register one with <code>plinth drift reference</code>.</p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <caption>Monitored models</caption>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Verdict</th>
                <th scope="col" class="number">Drift share</th>
                <th scope="col">Latest report</th>
                <th scope="col" class="number">Window rows</th>
                <th scope="col">Reference</th>
              </tr>
            </thead>
            <tbody>
              {models.data.models.map(({ model, reference, latest_report: latest }) => (
                <tr key={model}>
                  <td>
                    <a href={`#/drift/${encodeURIComponent(model)}`}>{model}</a>
                  </td>
                  <td>{latest ? <DriftVerdict drifted={latest.dataset.drifted} /> : <span class="badge">no report yet</span>}</td>
                  <td class="number">{latest ? `${percent(latest.dataset.drifted_share)} (${latest.dataset.drifted_columns} of ${latest.dataset.columns})` : '–'}</td>
                  <td>{latest ? formatTime(latest.created_at) : '–'}</td>
                  <td class="number">{latest ? formatNumber(latest.window_rows) : '–'}</td>
                  <td>
                    {formatNumber(reference.rows)} rows, {reference.columns} columns, {formatTime(reference.created_at)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
