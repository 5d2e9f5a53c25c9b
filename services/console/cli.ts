import { type Command, InvalidArgumentError, Option } from 'commander';
import { runService, withListenOptions } from '../kit/cli/serve-command';
import { CONSOLE_SERVICES, type ConsoleServiceName, type ConsoleServiceUrls } from './server/console-services';

interface ConsoleFlags {
  readonly port: number;
  readonly host: string;
  readonly trackingUrl?: string;
  readonly gatesUrl?: string;
  readonly driftUrl?: string;
  readonly inferenceUrl?: string;
  readonly sessionTtl: number;
  readonly idleTimeout: number;
  readonly assets?: string;
}

const DEFAULT_PORTS: Record<ConsoleServiceName, number> = { tracking: 5000, gates: 8070, drift: 8090, inference: 8000 };

/** `plinth console`: one web page over the services, signed in with their tokens. */
export function registerConsoleCommands(program: Command): void {
  const command = withListenOptions(
    program
      .command('console')
      .description(
        "Serve the Plinth console: runs, models and gate decisions (with approvals), drift and serving in one page, over the services' APIs. " +
          "Sign in with one of the services' tokens; the console keeps it server-side for the session and sends it to the services, which decide what it may do",
      ),
    8080,
  );
  // Unlike a service, the console holds sessions of its own: it listens on this machine unless told
  // otherwise (in a cluster, --host 0.0.0.0 behind its network policy).
  command.options.find((option) => option.long === '--host')!.default('127.0.0.1').description = 'interface to bind';
  for (const service of CONSOLE_SERVICES) {
    command.addOption(
      new Option(`--${service}-url <url>`, `the ${service} service, e.g. http://127.0.0.1:${DEFAULT_PORTS[service]} (default: $PLINTH_${service.toUpperCase()}_URL; without it, its pages say it is not configured)`),
    );
  }
  command
    .addOption(new Option('--session-ttl <duration>', 'longest a session lasts, active or not: 30m, 8h, 1d').default(8 * 3600, '8h').argParser(parseDuration))
    .addOption(new Option('--idle-timeout <duration>', 'a session unused this long ends: 30m, 1h').default(1800, '30m').argParser(parseDuration))
    .option('--assets <folder>', 'the built console (default: dist/console, written by npm run build)')
    .action((flags: ConsoleFlags, self: Command) =>
      runService(self, flags, () => {
        // Loaded on use, so that other plinth commands start without Fastify.
        const { createConsoleServer, DEFAULT_ASSETS_DIR } = require('./server/console-server') as typeof import('./server/console-server');
        return Promise.resolve(
          createConsoleServer({
            services: serviceUrls(flags),
            assetsDir: flags.assets ?? DEFAULT_ASSETS_DIR,
            sessionTtlSeconds: flags.sessionTtl,
            idleTimeoutSeconds: Math.min(flags.idleTimeout, flags.sessionTtl),
          }),
        );
      }),
    );
}

function serviceUrls(flags: ConsoleFlags, env: NodeJS.ProcessEnv = process.env): ConsoleServiceUrls {
  const given: Record<ConsoleServiceName, string | undefined> = { tracking: flags.trackingUrl, gates: flags.gatesUrl, drift: flags.driftUrl, inference: flags.inferenceUrl };
  const urls: ConsoleServiceUrls = {};
  for (const service of CONSOLE_SERVICES) {
    const url = given[service] ?? env[`PLINTH_${service.toUpperCase()}_URL`];
    if (url) urls[service] = url;
  }
  return urls;
}

/** `90s`, `30m`, `8h`, `1d` in seconds. */
export function parseDuration(value: string): number {
  const match = /^([1-9]\d*)([smhd])$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`expected a duration such as 30m, 8h or 1d, got '${value}'`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's' | 'm' | 'h' | 'd'];
}
