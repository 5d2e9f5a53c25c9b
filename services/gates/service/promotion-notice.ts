import type { WebhookRequest } from '../../kit/webhooks/deliver-webhook';
import { gateTagValue } from '../registry/registry-tags';
import type { StoredPromotion } from './promotion-store';

/** Slack shows at most 10 fields in a section; the full report travels in the `plinth` property. */
const SLACK_FIELDS = 10;

const HEADLINE: Record<StoredPromotion['status'], string> = {
  'pending-approval': 'needs approval',
  promoted: 'promoted',
  failed: 'not promoted: a gate did not pass',
  rejected: 'rejected by an approver',
  incomplete: 'passed but not completed',
  promoting: 'being promoted',
};

/** What the notice tells the reader to do next. */
function nextStep(promotion: StoredPromotion, gatesUrl: string | undefined): string {
  if (promotion.status !== 'pending-approval') return promotion.detail ?? '';
  const flag = gatesUrl === undefined ? '' : ` --gates-url ${gatesUrl}`;
  return `An approver (not ${promotion.requested_by}) decides: \`plinth gates approve ${promotion.id}${flag}\` or \`plinth gates reject ${promotion.id}${flag} --comment <why>\`.`;
}

/**
 * The notification of a promotion's outcome as a Slack incoming-webhook message (`text` for notifications and
 * clients without blocks, Block Kit `blocks` for the channel) that also carries the whole decision as `plinth`,
 * for any other receiver: Slack ignores properties it does not know.
 */
export function promotionNotice(promotion: StoredPromotion, url: string, gatesUrl?: string): WebhookRequest {
  const title = `${promotion.model} version ${promotion.version}: ${HEADLINE[promotion.status]}`;
  const gates = promotion.decision.gates;
  const notPassed = gates.filter((gate) => gate.verdict !== 'pass').length;
  const summary = `Risk class *${promotion.risk}*, ${gates.length} gates, ${notPassed} not passed; requested by *${promotion.requested_by}*${
    promotion.decided_by ? `, decided by *${promotion.decided_by}*` : ''
  }.`;
  // Gates that did not pass first: they are what the reader has to look at.
  const shown = [...gates].sort((a, b) => Number(a.verdict === 'pass') - Number(b.verdict === 'pass')).slice(0, SLACK_FIELDS);
  const body = {
    text: `${title}. ${nextStep(promotion, gatesUrl)}`.trim(),
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: title.slice(0, 150) },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${summary}${promotion.comment ? `\n> ${promotion.comment}` : ''}`,
        },
      },
      {
        type: 'section',
        fields: shown.map((gate) => ({
          type: 'mrkdwn',
          text: `*${gate.gate}: ${gate.name}*\n${gateTagValue(gate)}`.slice(0, 2000),
        })),
      },
      ...(nextStep(promotion, gatesUrl) === ''
        ? []
        : [
            {
              type: 'section',
              text: { type: 'mrkdwn', text: nextStep(promotion, gatesUrl) },
            },
          ]),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `Promotion ${promotion.id} · report ${promotion.report_uri}`,
          },
        ],
      },
    ],
    plinth: {
      promotion: {
        id: promotion.id,
        model: promotion.model,
        version: promotion.version,
        status: promotion.status,
        risk: promotion.risk,
        requested_by: promotion.requested_by,
        decided_by: promotion.decided_by ?? null,
        comment: promotion.comment ?? null,
      },
      report: promotion.report,
    },
  };
  return {
    url,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': 'plinth-gates',
      'idempotency-key': `plinth-gates-${promotion.id}-${promotion.status}`,
    },
    body: JSON.stringify(body),
  };
}
