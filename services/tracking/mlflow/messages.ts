import { z } from 'zod';

/** Input pieces shared by several MLflow messages. */

export const keyValueInput = z.object({ key: z.string().min(1), value: z.string().optional() });

export const VIEW_TYPES = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'] as const;
export type ViewType = (typeof VIEW_TYPES)[number];

/** The lifecycle stages a view type shows. */
export function stagesOf(viewType: ViewType | undefined): string[] {
  return { ACTIVE_ONLY: ['active'], DELETED_ONLY: ['deleted'], ALL: ['active', 'deleted'] }[viewType ?? 'ACTIVE_ONLY'];
}

/** `filter`, `order_by`, `max_results`, `page_token`: every search takes them. */
export function searchInput(maxResults: { readonly default: number; readonly max: number }) {
  return {
    filter: z.string().optional(),
    order_by: z.array(z.string()).optional(),
    max_results: z.int().min(1).max(maxResults.max).default(maxResults.default),
    page_token: z.string().optional(),
  };
}
