import type { PageProps } from '../../router';
import { ServiceMissing } from '../models/ServiceMissing';
import { DriftHistory } from './DriftHistory';
import { LatestReport } from './LatestReport';
import { TriggersTable } from './TriggersTable';
import './drift.css';

/** `#/drift/:model`: a model's drift over time, its latest report with the distributions, and the retraining triggers. */
export function DriftPage({ params, session }: PageProps) {
  const model = params.model ?? '';
  const configured = session.services.drift?.configured ?? false;
  return (
    <>
      <h1>Drift of {model}</h1>
      <p>
        <a href="#/drift">All monitored models</a>
      </p>
      {!configured ? (
        <ServiceMissing service="drift" what={`the drift of ${model}`} />
      ) : (
        <>
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
