import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { ErrorNotice, Loading, useAsync } from '../../components/status';
import type { PageProps } from '../../router';
import { canApprove } from '../../session';
import { listPromotions } from './promotions';
import { getModelVersion, getRegisteredModel, searchModelVersions } from './registry';
import { ServiceMissing } from '../../components/ServiceMissing';
import { VersionDetails } from './VersionDetails';
import { VersionsTable } from './VersionsTable';
import './models.css';

/** Versions per page of the table; a model's history rarely needs a second page. */
const VERSIONS_PER_PAGE = 50;

/**
 * A registered model (`#/models/<name>?version=<v>`): its aliases, its versions, and one version in full (lineage,
 * gate decisions, model card). Without `version`, the version waiting for an approver, else the newest.
 */
export function ModelPage({ params, query, session }: PageProps) {
  const name = params.name ?? '';
  const tracking = session.services.tracking;
  const gatesConfigured = session.services.gates?.configured ?? false;
  const [generation, setGeneration] = useState(0);
  const [pageTokens, setPageTokens] = useState<readonly string[]>([]);
  const reload = () => setGeneration((value) => value + 1);

  const model = useAsync(() => getRegisteredModel(name), [name, generation]);
  const versions = useAsync(() => searchModelVersions(name, { pageToken: pageTokens.at(-1), maxResults: VERSIONS_PER_PAGE }), [name, pageTokens, generation]);
  const pending = useAsync(
    () => (gatesConfigured ? listPromotions({ model: name, status: 'pending-approval', maxResults: 100 }) : Promise.resolve(undefined)),
    [name, gatesConfigured, generation],
  );

  // The default version is chosen once, so that approving (which empties the pending list) does not move the view.
  const [defaultVersion, setDefaultVersion] = useState<string>();
  useEffect(() => {
    if (defaultVersion !== undefined || pending.loading || versions.data === undefined) return;
    const waiting = pending.data?.promotions[0]?.version;
    const newest = versions.data.items[0]?.version;
    if (waiting ?? newest) setDefaultVersion(waiting ?? newest);
  }, [defaultVersion, pending.loading, pending.data, versions.data]);
  const selected = query.get('version') ?? defaultVersion;
  const version = useAsync(() => (selected ? getModelVersion(name, selected) : Promise.resolve(undefined)), [name, selected, generation]);

  if (tracking && !tracking.configured) {
    return (
      <>
        <h1>{name}</h1>
        <ServiceMissing service="tracking" what="the model registry" />
      </>
    );
  }

  if (model.error instanceof ApiError && model.error.status === 404) {
    return (
      <>
        <h1>{name}</h1>
        <ErrorNotice error={model.error}>
          <p>
            <a href="#/models">See the registered models</a>
          </p>
        </ErrorNotice>
      </>
    );
  }

  return (
    <>
      <h1>{name}</h1>
      <p>
        <a href="#/models">All registered models</a>
      </p>
      {model.error !== undefined && <ErrorNotice error={model.error} />}
      {model.data?.description && <p class="model-description">{model.data.description}</p>}
      {model.data && (
        <p>
          Aliases:{' '}
          {(model.data.aliases ?? []).length === 0
            ? 'none'
            : (model.data.aliases ?? []).map((alias, index) => (
                <span key={alias.alias}>
                  {index > 0 ? ', ' : ''}
                  <span class="badge alias">{alias.alias}</span> → <a href={`#/models/${encodeURIComponent(name)}?version=${alias.version}`}>version {alias.version}</a>
                </span>
              ))}
        </p>
      )}

      {!gatesConfigured && <ServiceMissing service="gates" what="the gates service's promotions and approvals; the gates recorded in the registry are shown" />}
      {pending.error !== undefined && (
        <ErrorNotice error={pending.error}>
          <p>The gates service's promotions and approvals cannot be shown; the registry and the gates recorded in it are.</p>
        </ErrorNotice>
      )}
      {(pending.data?.promotions.length ?? 0) > 0 && (
        <div class="notice pending-notice">
          <p>
            Waiting for an approver:{' '}
            {pending.data!.promotions.map((promotion, index) => (
              <span key={promotion.id}>
                {index > 0 ? ', ' : ''}
                <a href={`#/models/${encodeURIComponent(name)}?version=${promotion.version}`}>
                  version {promotion.version} (promotion {promotion.id})
                </a>
              </span>
            ))}
          </p>
        </div>
      )}

      {versions.error !== undefined && <ErrorNotice error={versions.error} />}
      {versions.loading && !versions.data && <Loading what="the versions" />}
      {versions.data && (
        <VersionsTable
          model={name}
          versions={versions.data.items}
          selected={selected}
          pending={new Set(pending.data?.promotions.map((promotion) => promotion.version))}
          onNext={versions.data.nextPageToken ? () => setPageTokens([...pageTokens, versions.data!.nextPageToken!]) : undefined}
          onPrevious={pageTokens.length > 0 ? () => setPageTokens(pageTokens.slice(0, -1)) : undefined}
        />
      )}

      {version.error !== undefined && <ErrorNotice error={version.error} />}
      {/* Keyed by version: another version starts empty instead of showing the last one's promotions while loading. */}
      {version.data && <VersionDetails key={version.data.version} version={version.data} gatesConfigured={gatesConfigured} approver={canApprove(session)} onDecided={reload} generation={generation} />}
    </>
  );
}
