import { UserFacingError } from '../../../core/exit-codes';
import type { ModelVersion } from '../../tracking/client/messages';
import type { TrackingClient } from '../../tracking/client/tracking-client';
import { findRegisteredModel, versionByAlias } from './registry-model';
import { CHAMPION, PREVIOUS, TAGS, tagRecord } from './registry-tags';
import { isNotFound } from './tracking-connection';

/** What an alias pointed at before and after; undefined: not set. */
export interface AliasMove {
  readonly alias: string;
  readonly from?: string;
  readonly to?: string;
}

export function formatMoves(moves: readonly AliasMove[]): string {
  const at = (version: string | undefined) => (version === undefined ? '(none)' : `version ${version}`);
  return moves.map((move) => `${move.alias}: ${at(move.from)} -> ${at(move.to)}`).join('\n');
}

/**
 * Makes the candidate the champion. The champion it replaces becomes `previous` and is remembered in the
 * candidate's `plinth.previous_champion` tag, so that a later rollback past it can restore the one before.
 * `previous` moves first: an interrupted promotion never leaves a new champion without its way back.
 */
export async function promoteAliases(client: TrackingClient, candidate: ModelVersion, champion: ModelVersion | undefined): Promise<AliasMove[]> {
  const { name } = candidate;
  const moves: AliasMove[] = [];
  if (champion !== undefined) {
    const previous = await versionByAlias(client, name, PREVIOUS);
    await client.setModelVersionTag(name, candidate.version, TAGS.previousChampion, champion.version);
    await client.setRegisteredModelAlias(name, PREVIOUS, champion.version);
    moves.push({ alias: PREVIOUS, from: previous?.version, to: champion.version });
  }
  await client.setRegisteredModelAlias(name, CHAMPION, candidate.version);
  moves.push({ alias: CHAMPION, from: champion?.version, to: candidate.version });
  return moves;
}

/** The version `version` replaced as champion, if it is remembered and still registered. */
async function championBefore(client: TrackingClient, version: ModelVersion): Promise<string | undefined> {
  const before = tagRecord(version.tags)[TAGS.previousChampion];
  if (before === undefined) return undefined;
  try {
    return (await client.getModelVersion(version.name, before)).version;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * `champion` goes back to `previous`. `previous` then moves to the champion that version had replaced (its
 * `plinth.previous_champion` tag), so rollbacks can be repeated down the line of champions; when that is not
 * known, `previous` is removed. Without a `previous` there is nothing to roll back to, and nothing moves.
 */
export async function rollbackAliases(client: TrackingClient, model: string): Promise<AliasMove[]> {
  await findRegisteredModel(client, model);
  const champion = await versionByAlias(client, model, CHAMPION);
  const previous = await versionByAlias(client, model, PREVIOUS);
  if (previous === undefined) {
    const why = champion === undefined ? 'it has no champion either' : `its champion is version ${champion.version}, and no promotion has replaced an earlier one`;
    throw new UserFacingError(`--model ${model}: no '${PREVIOUS}' alias, so there is nothing to roll back to (${why}); nothing moved`);
  }
  const before = await championBefore(client, previous);
  const nextPrevious = before !== undefined && before !== champion?.version ? before : undefined;
  await client.setRegisteredModelAlias(model, CHAMPION, previous.version);
  if (nextPrevious === undefined) await client.deleteRegisteredModelAlias(model, PREVIOUS);
  else await client.setRegisteredModelAlias(model, PREVIOUS, nextPrevious);
  return [
    { alias: CHAMPION, from: champion?.version, to: previous.version },
    { alias: PREVIOUS, from: previous.version, to: nextPrevious },
  ];
}
