import { EXIT_UNAVAILABLE, UserFacingError } from '../../../core/exit-codes';
import { pinServedVersion } from '../../kit/models/pin-served-version';
import { formatMoves, rollbackAliases } from './move-aliases';
import { CHAMPION } from './registry-tags';
import { type TrackingFlags, trackingClient, withTracking } from './tracking-connection';

export interface RollbackFlags extends TrackingFlags {
  readonly model: string;
  /** The Triton model repository promote published to. */
  readonly repository: string;
  /**
   * The SageMaker model package group promote mirrored into: the rolled-back version's package becomes Rejected.
   * @default - no mirror
   */
  readonly modelPackageGroup?: string;
}

/**
 * `plinth gates rollback`: `champion` back to `previous`, and the repository serves that version again;
 * prints what moved. Exit 2 when there is no `previous`, 3 when the repository cannot be written.
 */
export async function rollbackCommand(flags: RollbackFlags): Promise<void> {
  const client = trackingClient(flags);
  const moves = await withTracking(flags.trackingUrl, () => rollbackAliases(client, flags.model));
  process.stdout.write(`rolled back '${flags.model}':\n${formatMoves(moves)}\n`);
  const champion = moves.find((move) => move.alias === CHAMPION)!;
  process.stdout.write(`${await serveChampion(flags.repository, flags.model, champion.to!)}\n`);
  if (flags.modelPackageGroup !== undefined && champion.from !== undefined) {
    const { updateApproval } = require('../cloud-registry') as typeof import('../cloud-registry');
    const changed = await updateApproval({ groupName: flags.modelPackageGroup, modelName: flags.model, version: champion.from, approved: false, reason: `rolled back to version ${champion.to}` });
    process.stdout.write(`SageMaker: model package ${changed.arn} ${changed.previousStatus ?? '(none)'} -> ${changed.status}\n`);
  }
}

/**
 * Pins the repository's config to the champion's version (pinServedVersion). The aliases have moved by
 * then: a repository that cannot be written is exit 3 naming the command that finishes the job.
 */
export async function serveChampion(repository: string, model: string, version: string): Promise<string> {
  try {
    const before = await pinServedVersion(repository, model, Number(version));
    return `serving: ${repository} now serves '${model}' version ${version} (it served ${before})`;
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    throw new UserFacingError(
      `cannot update the model repository ${repository}: ${(error as Error).message}; the registry's ${CHAMPION} is version ${version}, the repository still serves the old one`,
      EXIT_UNAVAILABLE,
      { cause: error },
    );
  }
}
