import { getJson, postJson } from '../../api';
import type { GateRow } from './gate-tags';

/** Where a promotion is (services/gates/service/promotion-store.ts). */
export type PromotionStatus = 'failed' | 'pending-approval' | 'promoting' | 'promoted' | 'rejected' | 'incomplete';

/** A promotion as `GET /api/gates/promotions` lists it: no report, the verdict and how many gates did not pass. */
export interface PromotionSummary {
  readonly id: number;
  readonly model: string;
  readonly version: string;
  readonly status: PromotionStatus;
  readonly risk: string;
  readonly requested_by: string;
  readonly requested_at: string;
  readonly champion_version?: string;
  readonly decided_by?: string;
  readonly decided_at?: string;
  readonly comment?: string;
  readonly detail?: string;
  readonly report_uri: string;
  readonly model_card_uri?: string;
  readonly verdict: string;
  readonly gates_not_passed: number;
}

/** One promotion with its decision (`GET /api/gates/promotions/:id`). */
export interface Promotion extends Omit<PromotionSummary, 'verdict' | 'gates_not_passed'> {
  readonly decision: {
    readonly verdict: string;
    readonly risk: string;
    readonly approval: { readonly required: boolean; readonly reason: string };
    readonly gates: readonly GateRow[];
  };
}

const PROMOTIONS = '/api/gates/promotions';

export async function listPromotions(query: { model: string; version?: string; status?: PromotionStatus; maxResults: number }): Promise<{ promotions: PromotionSummary[]; more: boolean }> {
  const answer = await getJson<{ promotions: PromotionSummary[]; next_before?: number }>('gates', PROMOTIONS, {
    model: query.model,
    version: query.version,
    status: query.status,
    max_results: query.maxResults,
  });
  return { promotions: answer.promotions, more: answer.next_before !== undefined };
}

export async function getPromotion(id: number): Promise<Promotion> {
  return (await getJson<{ promotion: Promotion }>('gates', `${PROMOTIONS}/${id}`)).promotion;
}

/** An approver's decision; the gates service checks the role and four eyes, the page only asks. */
export async function decidePromotion(id: number, decision: 'approve' | 'reject', comment: string): Promise<void> {
  const trimmed = comment.trim();
  await postJson('gates', `${PROMOTIONS}/${id}/${decision}`, trimmed === '' ? {} : { comment: trimmed });
}

/** How many promotions wait for an approver, per model (the models table's column): the newest 1000. */
export async function listPromotionsWaiting(): Promise<Map<string, number>> {
  const answer = await getJson<{ promotions: PromotionSummary[] }>('gates', PROMOTIONS, { status: 'pending-approval', max_results: 1000 });
  const counts = new Map<string, number>();
  for (const promotion of answer.promotions) counts.set(promotion.model, (counts.get(promotion.model) ?? 0) + 1);
  return counts;
}
