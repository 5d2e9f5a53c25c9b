import { BLUEPRINT_DEFAULTS } from './defaults-by-name';
import { defaultsTable } from './defaults';

/** The README's "Defaults" section body: one table per blueprint, implemented or not (`npx plinth config defaults`). */
export function blueprintDefaultsTables(): string {
  return Object.entries(BLUEPRINT_DEFAULTS)
    .map(([name, defaults]) => defaultsTable(name, defaults))
    .join('\n\n');
}
