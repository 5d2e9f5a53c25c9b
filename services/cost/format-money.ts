import type { Money } from './model';

const DOLLARS = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** `$1,234`, or `$916–$1,381` for a spot range; whole dollars, as estimates deserve. */
export function formatMoney(money: Money): string {
  const low = DOLLARS.format(money.low);
  const high = DOLLARS.format(money.high);
  return low === high ? low : `${low}–${high}`;
}

/** `+$12`, `-$300`, `±$0`, or a range of changes. */
export function formatChange(change: Money): string {
  const signed = (usd: number) => {
    const text = DOLLARS.format(Math.abs(usd));
    return text === '$0' ? '±$0' : `${usd > 0 ? '+' : '-'}${text}`;
  };
  const low = signed(change.low);
  const high = signed(change.high);
  return low === high ? low : `${low} to ${high}`;
}
