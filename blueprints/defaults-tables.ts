import { BLUEPRINTS } from '.';
import { defaultsTable } from './defaults';

/** The README's "Defaults" section body: one table per implemented blueprint (`npx plinth config defaults`). */
export function blueprintDefaultsTables(): string {
  return Object.values(BLUEPRINTS)
    .map((blueprint) => defaultsTable(blueprint!.name, blueprint!.defaults))
    .join('\n\n');
}
