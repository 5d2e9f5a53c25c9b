import { Fragment } from 'preact';
import { ErrorNotice, Loading, useAsync } from '../../components/status';
import { formatTime } from '../../format';
import { GATE_TAGS, gatesFromTags, lineageTags, recordedDecision, tagRecord } from './gate-tags';
import { badgeClass, GatesTable } from './GatesTable';
import { ModelCard } from './ModelCard';
import { PromotionView } from './PromotionView';
import { getPromotion, listPromotions, type Promotion } from './promotions';
import type { ModelVersion } from './registry';

/** The promotions of one version shown in full (each is one request for its gates); older ones are counted. */
const PROMOTIONS_SHOWN = 10;

export interface VersionDetailsProps {
  readonly version: ModelVersion;
  /** Whether the console has a gates service to ask (`plinth console --gates-url`). */
  readonly gatesConfigured: boolean;
  /** The signed-in token may approve (`canApprove(session)`); the service decides regardless. */
  readonly approver: boolean;
  /** After an approval or rejection: the registry moved (aliases, tags), so the whole page reloads. */
  readonly onDecided: () => void;
  /** Changes when the page reloads, so the promotions are read again. */
  readonly generation: number;
}

async function promotionsOf(version: ModelVersion): Promise<{ promotions: Promotion[]; more: boolean }> {
  const { promotions, more } = await listPromotions({ model: version.name, version: version.version, maxResults: PROMOTIONS_SHOWN });
  return { promotions: await Promise.all(promotions.map((promotion) => getPromotion(promotion.id))), more };
}

/**
 * One version: its lineage back to the run, every gate decision the gates service holds for it (or, for a version
 * promoted by `plinth gates promote` without the service, the gates recorded in its tags), and its model card.
 */
export function VersionDetails({ version, gatesConfigured, approver, onDecided, generation }: VersionDetailsProps) {
  const tags = tagRecord(version.tags);
  const promotions = useAsync(() => (gatesConfigured ? promotionsOf(version) : Promise.resolve(undefined)), [version.name, version.version, gatesConfigured, generation]);
  const fromService = promotions.data?.promotions ?? [];
  const tagGates = gatesFromTags(version.tags);
  const cardUri = tags[GATE_TAGS.modelCard] ?? fromService.find((promotion) => promotion.model_card_uri)?.model_card_uri;
  const decision = recordedDecision(tags);

  return (
    <section class="version-details" aria-labelledby="version-heading">
      <h2 id="version-heading">
        Version {version.version}{' '}
        {(version.aliases ?? []).map((alias) => (
          <span key={alias} class="badge alias">
            {alias}
          </span>
        ))}
      </h2>

      <h3>Lineage</h3>
      <dl class="facts">
        <dt>Run</dt>
        <dd>{version.run_id ? <a href={`#/runs/${encodeURIComponent(version.run_id)}`}>{version.run_id}</a> : <span class="muted">not from a run</span>}</dd>
        <dt>Source</dt>
        <dd>
          <code>{version.source}</code>
        </dd>
        <dt>Created</dt>
        <dd>
          {formatTime(version.creation_timestamp)}
          {version.user_id ? ` by ${version.user_id}` : ''}
        </dd>
        <dt>Status</dt>
        <dd>
          {version.status}
          {version.status_message ? `: ${version.status_message}` : ''}
        </dd>
        {tags[GATE_TAGS.sha256] && (
          <>
            <dt>sha256</dt>
            <dd>
              <code class="digest">{tags[GATE_TAGS.sha256]}</code>
            </dd>
          </>
        )}
        {lineageTags(version.tags).map(([key, value]) => (
          <Fragment key={key}>
            <dt>{key}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
        {tags[GATE_TAGS.previousChampion] && (
          <>
            <dt>Replaced champion</dt>
            <dd>version {tags[GATE_TAGS.previousChampion]}</dd>
          </>
        )}
        {tags[GATE_TAGS.approval] && (
          <>
            <dt>Approval</dt>
            <dd>{tags[GATE_TAGS.approval]}</dd>
          </>
        )}
      </dl>

      <h3>Gate decisions</h3>
      {decision && (
        <p>
          Decision recorded in the registry: <span class={badgeClass(decision)}>{decision}</span>
        </p>
      )}
      {promotions.loading && !promotions.data && gatesConfigured && <Loading what="the promotions" />}
      {promotions.error !== undefined && (
        <ErrorNotice error={promotions.error}>
          <p>The gates service's promotions cannot be shown; the gates below are those recorded in the registry.</p>
        </ErrorNotice>
      )}
      {fromService.map((promotion) => (
        <PromotionView key={promotion.id} promotion={promotion} approver={approver} onDecided={onDecided} />
      ))}
      {promotions.data?.more && <p class="muted">Only the newest {PROMOTIONS_SHOWN} promotions of this version are shown; the gates service's audit trail has every one.</p>}
      {fromService.length === 0 && !promotions.loading && tagGates.length > 0 && (
        <GatesTable caption={`Gates of version ${version.version} recorded in the registry`} gates={tagGates} />
      )}
      {fromService.length === 0 && !promotions.loading && promotions.error === undefined && tagGates.length === 0 && (
        <p class="muted">No gate decision yet: promote it with plinth gates promote, or request it from the gates service (plinth gates request).</p>
      )}

      {cardUri ? <ModelCard uri={cardUri} /> : <p class="muted">No model card: the gates write one when a version is promoted.</p>}
    </section>
  );
}
