import { ErrorNotice, Loading, useAsync } from '../../components/status';
import { formatNumber, formatTime } from '../../format';
import type { PageProps } from '../../router';
import { ServiceMissing } from '../../components/ServiceMissing';
import { driftApi } from './drift-api';
import { DriftHistory } from './DriftHistory';
import { LatestReport } from './LatestReport';
import { TriggersTable } from './TriggersTable';
import './drift.css';

/** `#/drift/:model`: a model's drift over time, its latest report with the distributions, and the retraining triggers. */
export function DriftPage({ params, session }: PageProps) {
  const model = params.model ?? '';
  const configured = session.services.drift?.configured ?? false;
  // The reference first: a mistyped model is one message, not one per section.
  const reference = useAsync(() => (configured ? driftApi.reference(model) : Promise.resolve(undefined)), [model, configured]);
  return (
    <>
      <h1>Drift of {model}</h1>
      <p>
        <a href="#/drift">All monitored models</a>
      </p>
      {!configured ? (
        <ServiceMissing service="drift" what={`the drift of ${model}`} />
      ) : reference.error ? (
        <ErrorNotice error={reference.error} />
      ) : !reference.data ? (
        <Loading what="the reference" />
      ) : (
        <>
          <p class="muted">
            Compared with a reference of {formatNumber(reference.data.rows)} rows and {reference.data.columns.length} columns, registered {formatTime(reference.data.created_at)}.
          </p>
          <DriftHistory model={model} />
          <LatestReport model={model} />
          <section class="drift-triggers">
            <TriggersTable model={model} />
          </section>
        </>
      )}
    </>
  );
}
