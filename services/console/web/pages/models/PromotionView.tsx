import { useEffect, useRef } from 'preact/hooks';
import { formatTime } from '../../format';
import { ApprovalForm } from './ApprovalForm';
import { badgeClass, GatesTable } from './GatesTable';
import type { Promotion } from './promotions';
import { artifactUrl } from './registry';

/**
 * One request to the gates service: who asked and when, how it ended, every gate of its decision, and for a
 * pending high-risk promotion the approver's form (when the signed-in token may approve).
 */
export function PromotionView({ promotion, approver, onDecided }: { promotion: Promotion; approver: boolean; onDecided: () => void }) {
  const report = artifactUrl(promotion.report_uri);
  // Once decided, the form (and the button that had focus) goes: focus moves to the heading that says how it ended.
  const heading = useRef<HTMLHeadingElement>(null);
  const shownStatus = useRef(promotion.status);
  useEffect(() => {
    if (shownStatus.current === 'pending-approval' && promotion.status !== 'pending-approval') heading.current?.focus();
    shownStatus.current = promotion.status;
  }, [promotion.status]);
  return (
    <section class="promotion" aria-labelledby={`promotion-${promotion.id}`}>
      <h4 id={`promotion-${promotion.id}`} ref={heading} tabIndex={-1}>
        Promotion {promotion.id}{' '}
        <span class={badgeClass(promotion.status)} aria-live="polite">
          {promotion.status}
        </span>
      </h4>
      <dl class="facts">
        <dt>Requested</dt>
        <dd>
          by {promotion.requested_by} on {formatTime(promotion.requested_at)}
        </dd>
        <dt>Risk</dt>
        <dd>
          {promotion.risk}
          {promotion.decision.approval.required ? ` (${promotion.decision.approval.reason})` : ''}
        </dd>
        <dt>Compared with</dt>
        <dd>{promotion.champion_version ? `champion version ${promotion.champion_version}` : 'no champion yet'}</dd>
        {promotion.decided_by && (
          <>
            <dt>Decided</dt>
            <dd>
              by {promotion.decided_by}
              {promotion.decided_at ? ` on ${formatTime(promotion.decided_at)}` : ''}
              {promotion.comment ? `: ${promotion.comment}` : ''}
            </dd>
          </>
        )}
        {promotion.detail && (
          <>
            <dt>Detail</dt>
            <dd>{promotion.detail}</dd>
          </>
        )}
        <dt>Report</dt>
        <dd>{report ? <a href={report}>decision.json</a> : <code>{promotion.report_uri}</code>}</dd>
      </dl>
      <GatesTable caption={`Gates of promotion ${promotion.id}`} gates={promotion.decision.gates} />
      {promotion.status === 'pending-approval' && approver && <ApprovalForm promotionId={promotion.id} onDecided={onDecided} />}
      {promotion.status === 'pending-approval' && !approver && (
        <p class="muted">Waiting for an approver: a token with the gates service's approve role, not the requester's ({promotion.requested_by}).</p>
      )}
    </section>
  );
}
