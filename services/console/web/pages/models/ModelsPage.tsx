import { useEffect, useState } from 'preact/hooks';
import { ErrorNotice, Loading, useAsync } from '../../components/status';
import { formatTime } from '../../format';
import type { PageProps } from '../../router';
import { badgeClass } from './GatesTable';
import { listPromotionsWaiting } from './promotions';
import { type RegisteredModel, searchRegisteredModels } from './registry';
import { ServiceMissing } from '../../components/ServiceMissing';
import './models.css';

const MODELS_PER_PAGE = 50;

/** The registry's models (`#/models?name=<part of a name>`), a page at a time, with their aliases and newest version. */
export function ModelsPage({ query, session, navigate }: PageProps) {
  const nameContains = query.get('name') ?? '';
  const [typed, setTyped] = useState(nameContains);
  const [pageTokens, setPageTokens] = useState<readonly string[]>([]);
  // A new search (or a link with another ?name=) starts from its first page.
  useEffect(() => {
    setTyped(nameContains);
    setPageTokens((tokens) => (tokens.length === 0 ? tokens : []));
  }, [nameContains]);
  const tracking = session.services.tracking;
  const gatesConfigured = session.services.gates?.configured ?? false;

  const models = useAsync(() => searchRegisteredModels({ nameContains, pageToken: pageTokens.at(-1), maxResults: MODELS_PER_PAGE }), [nameContains, pageTokens]);
  // One request for every model's pending approvals; an unreachable gates service only leaves the column empty.
  const waiting = useAsync(() => (gatesConfigured ? listPromotionsWaiting() : Promise.resolve(new Map<string, number>())), [gatesConfigured]);

  if (tracking && !tracking.configured) {
    return (
      <>
        <h1>Models</h1>
        <ServiceMissing service="tracking" what="the model registry" />
      </>
    );
  }

  const search = (event: Event) => {
    event.preventDefault();
    navigate(typed.trim() === '' ? '#/models' : `#/models?name=${encodeURIComponent(typed.trim())}`);
  };

  return (
    <>
      <h1>Models</h1>
      <form class="row" role="search" onSubmit={search}>
        <div class="stack grow">
          <label for="model-name">Model name</label>
          <input id="model-name" type="search" value={typed} onInput={(event) => setTyped(event.currentTarget.value)} placeholder="part of a name, e.g. churn" />
        </div>
        <button type="submit">Search</button>
      </form>
      {waiting.error !== undefined && (
        <ErrorNotice error={waiting.error}>
          <p>Pending approvals cannot be shown; the registry can.</p>
        </ErrorNotice>
      )}
      {models.error !== undefined && <ErrorNotice error={models.error} />}
      {models.loading && !models.data && <Loading what="the registered models" />}
      {models.data && <ModelsTable models={models.data.items} waiting={waiting.data} filtered={nameContains !== ''} />}
      {models.data && (models.data.nextPageToken || pageTokens.length > 0) && (
        <div class="row pager">
          <button type="button" class="secondary" disabled={pageTokens.length === 0} onClick={() => setPageTokens(pageTokens.slice(0, -1))}>
            Previous page
          </button>
          <button type="button" class="secondary" disabled={!models.data.nextPageToken} onClick={() => setPageTokens([...pageTokens, models.data!.nextPageToken!])}>
            Next page
          </button>
        </div>
      )}
    </>
  );
}

function newestVersion(model: RegisteredModel): string | undefined {
  const numbers = (model.latest_versions ?? []).map((version) => Number(version.version)).filter(Number.isFinite);
  return numbers.length === 0 ? undefined : String(Math.max(...numbers));
}

function ModelsTable({ models, waiting, filtered }: { models: readonly RegisteredModel[]; waiting?: ReadonlyMap<string, number>; filtered: boolean }) {
  return (
    <div class="table-wrap">
      <table class="data">
        <caption>Registered models</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Newest version</th>
            <th scope="col">Aliases</th>
            <th scope="col">Approvals</th>
            <th scope="col">Updated</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {models.length === 0 && (
            <tr>
              <td colSpan={6} class="muted">
                {filtered ? 'No registered model has such a name.' : 'No registered models yet: plinth gates register creates one.'}
              </td>
            </tr>
          )}
          {models.map((model) => {
            const page = `#/models/${encodeURIComponent(model.name)}`;
            const newest = newestVersion(model);
            const pending = waiting?.get(model.name) ?? 0;
            return (
              <tr key={model.name}>
                <td>
                  <a href={page}>{model.name}</a>
                </td>
                <td>{newest ? <a href={`${page}?version=${newest}`}>version {newest}</a> : <span class="muted">none</span>}</td>
                <td>
                  {(model.aliases ?? []).map((alias) => (
                    <span key={alias.alias} class="alias-pair">
                      <span class="badge alias">{alias.alias}</span> v{alias.version}{' '}
                    </span>
                  ))}
                </td>
                <td>{pending > 0 ? <span class={badgeClass('pending-approval')}>{pending} waiting</span> : ''}</td>
                <td>{formatTime(model.last_updated_timestamp)}</td>
                <td class="description">{model.description ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
