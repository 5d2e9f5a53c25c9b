import { formatMoves, rollbackAliases } from './move-aliases';
import { type TrackingFlags, trackingClient, withTracking } from './tracking-connection';

export interface RollbackFlags extends TrackingFlags {
  readonly model: string;
}

/** `plinth gates rollback`: `champion` back to `previous`, printing what moved; exit 2 when there is no `previous`. */
export async function rollbackCommand(flags: RollbackFlags): Promise<void> {
  const client = trackingClient(flags);
  const moves = await withTracking(flags.trackingUrl, () => rollbackAliases(client, flags.model));
  process.stdout.write(`rolled back '${flags.model}':\n${formatMoves(moves)}\n`);
}
