/** How `plinth preview up` and `plinth janitor` print what they did (the pull-request comments use markdown). */
export const DELIVERY_FORMATS = ['table', 'markdown', 'json'] as const;
export type DeliveryFormat = (typeof DELIVERY_FORMATS)[number];
