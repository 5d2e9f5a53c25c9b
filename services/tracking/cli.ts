import type { Command } from 'commander';
import { parseArtifactLocation } from '../kit/artifacts/artifact-location';
import { runService, withServeOptions, type ServeFlags } from '../kit/cli/serve-command';
import { prepareFolderFlag } from '../kit/cli/startup-failure';
import { tokensFromEnvironment } from '../kit/server/tokens';

interface TrackingFlags extends ServeFlags {
  readonly artifacts: string;
}

/**
 * Test-only: see TrackingContext.pauseInLogBatchMs. Read here, at the edge, so that nothing else
 * in the service looks at the environment for it.
 */
const TEST_PAUSE_VARIABLE = 'PLINTH_TRACKING_TEST_PAUSE_IN_LOG_BATCH_MS';

/** `plinth tracking serve`: the MLflow-compatible tracking server and model registry. */
export function registerTrackingCommands(program: Command): void {
  const tracking = program.command('tracking').description('MLflow-compatible experiment tracking and model registry');
  withServeOptions(
    tracking
      .command('serve')
      .description('Serve the MLflow REST API, the artifact proxy and the registry audit trail; tokens come from PLINTH_TOKENS or PLINTH_TOKENS_FILE'),
    { port: 5000, databaseDirectory: '.plinth/tracking/db' },
  )
    .option('--artifacts <location>', 's3://bucket/prefix, gs://bucket/prefix or a folder (created with its parents)', '.plinth/tracking/artifacts')
    .action((flags: TrackingFlags, command: Command) =>
      runService(command, flags, () => {
        const artifacts = parseArtifactLocation(flags.artifacts);
        if (artifacts.kind === 'folder') prepareFolderFlag('--artifacts', artifacts.folder);
        // Loaded on use, so that other plinth commands start without Fastify, PGlite and the cloud SDKs;
        // require, not import(): the CLI runs through tsx's CommonJS loader.
        const { createTrackingServer } = require('./server') as typeof import('./server');
        return createTrackingServer({
          database: flags.databaseUrl,
          databaseIamAuth: flags.databaseIamAuth,
          artifacts: flags.artifacts,
          tokens: tokensFromEnvironment(),
          pauseInLogBatchMs: Number(process.env[TEST_PAUSE_VARIABLE] ?? 0),
        });
      }),
    );
}
