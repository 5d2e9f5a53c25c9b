import { formatTime } from '../../format';
import { lineageTags, recordedDecision, tagRecord } from './gate-tags';
import { badgeClass } from './GatesTable';
import type { ModelVersion } from './registry';

export interface VersionsTableProps {
  readonly model: string;
  /** Newest first. */
  readonly versions: readonly ModelVersion[];
  /** The version shown below the table. */
  readonly selected?: string;
  /** Versions with a promotion waiting for an approver. */
  readonly pending: ReadonlySet<string>;
  /** @default - no next page */
  readonly onNext?: () => void;
  /** @default - on the first page */
  readonly onPrevious?: () => void;
}

/** A model's versions: aliases, registry status, the gates' last decision and the run each came from. */
export function VersionsTable({ model, versions, selected, pending, onNext, onPrevious }: VersionsTableProps) {
  return (
    <>
      <div class="table-wrap">
        <table class="data">
          <caption>Versions</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Aliases</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Decision</th>
              <th scope="col">Run</th>
              <th scope="col">Lineage</th>
            </tr>
          </thead>
          <tbody>
            {versions.length === 0 && (
              <tr>
                <td colSpan={7} class="muted">
                  No versions yet: plinth gates register adds one.
                </td>
              </tr>
            )}
            {versions.map((version) => {
              const decision = pending.has(version.version) ? 'pending-approval' : recordedDecision(tagRecord(version.tags));
              return (
                <tr key={version.version} aria-current={version.version === selected ? 'true' : undefined}>
                  <td>
                    <a href={`#/models/${encodeURIComponent(model)}?version=${version.version}`}>Version {version.version}</a>
                  </td>
                  <td>
                    {(version.aliases ?? []).map((alias) => (
                      <span key={alias} class="badge alias">
                        {alias}
                      </span>
                    ))}
                  </td>
                  <td>{version.status}</td>
                  <td>{formatTime(version.creation_timestamp)}</td>
                  <td>{decision ? <span class={badgeClass(decision)}>{decision}</span> : <span class="muted">none</span>}</td>
                  <td>{version.run_id ? <a href={`#/runs/${encodeURIComponent(version.run_id)}`} aria-label={`Source run ${version.run_id}`} title={version.run_id}>
                        {version.run_id.slice(0, 8)}
                      </a> : '–'}</td>
                  <td class="lineage">
                    {lineageTags(version.tags).map(([key, value]) => (
                      <span key={key}>
                        {key}={value}{' '}
                      </span>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {(onNext || onPrevious) && (
        <div class="row pager">
          <button type="button" class="secondary" disabled={!onPrevious} onClick={onPrevious}>
            Previous page
          </button>
          <button type="button" class="secondary" disabled={!onNext} onClick={onNext}>
            Next page
          </button>
        </div>
      )}
    </>
  );
}
