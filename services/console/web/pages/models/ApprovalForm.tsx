import { useState } from 'preact/hooks';
import { describeError } from '../../components/status';
import { decidePromotion } from './promotions';

/**
 * Approve or reject a promotion waiting for an approver. Shown only to a token with the approve role; the gates
 * service still decides (four eyes: not the requester's token; the state must still be pending), and a refusal is
 * shown as the service words it.
 */
export function ApprovalForm({ promotionId, onDecided }: { promotionId: number; onDecided: () => void }) {
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const inputId = `promotion-${promotionId}-comment`;

  const decide = async (decision: 'approve' | 'reject') => {
    // The service refuses it too, but in schema words ("body must have required property 'comment'").
    if (decision === 'reject' && comment.trim() === '') {
      setError('A rejection needs a comment: say why in Comment, then Reject.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await decidePromotion(promotionId, decision, comment);
      setComment('');
      onDecided();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="approval stack" aria-label={`Decide promotion ${promotionId}`} onSubmit={(event) => event.preventDefault()}>
      <label for={inputId}>Comment</label>
      <textarea id={inputId} rows={2} maxLength={2000} value={comment} onInput={(event) => setComment(event.currentTarget.value)} aria-describedby={`${inputId}-hint`} />
      <p id={`${inputId}-hint`} class="muted hint">
        Optional when approving; a rejection needs one.
      </p>
      <div class="row">
        <button type="button" disabled={busy} onClick={() => decide('approve')}>
          Approve
        </button>
        <button type="button" class="danger" disabled={busy} onClick={() => decide('reject')}>
          Reject
        </button>
      </div>
      {error !== undefined && (
        <div role="alert" class="notice error">
          <p>{error}</p>
        </div>
      )}
    </form>
  );
}
