import { type Command, InvalidArgumentError, Option } from 'commander';
import { UserFacingError } from '../../../core/exit-codes';
import { DATABASE_IAM_AUTH_PROVIDERS, type DatabaseIamAuth } from '../database/database-iam-auth';
import { ServiceConfigError } from '../server/errors';
import type { Service } from '../server/create-service';
import { closeOnSignals } from '../server/graceful-shutdown';
import { explainStartupFailure } from './startup-failure';

/** The flags every `plinth <service> serve` command shares. */
export interface ListenFlags {
  readonly port: number;
  readonly host: string;
}

/** The flags of a service that keeps its data in a database. */
export interface ServeFlags extends ListenFlags {
  readonly databaseUrl: string;
  /** @default - log in with the password in --database-url, if any */
  readonly databaseIamAuth?: DatabaseIamAuth;
}

export interface ServeDefaults {
  readonly port: number;
  /** Where the embedded store keeps its data unless --database-url says otherwise. */
  readonly databaseDirectory: string;
}

/** Adds --port and --host, as every Plinth service takes them. */
export function withListenOptions(command: Command, port: number): Command {
  return command
    .addOption(new Option('--port <port>', 'port to listen on').default(port).argParser(parsePort))
    .option('--host <host>', 'interface to bind; without tokens the server binds 127.0.0.1 only', '0.0.0.0');
}

/** Adds --port, --host, --database-url and --database-iam-auth, as every Plinth service with a database takes them. */
export function withServeOptions(command: Command, defaults: ServeDefaults): Command {
  return withListenOptions(command, defaults.port)
    .option(
      '--database-url <url>',
      'postgres://user:password@host:port/db, memory:, or a folder for the embedded store (created with its parents)',
      defaults.databaseDirectory,
    )
    .addOption(
      new Option(
        '--database-iam-auth <cloud>',
        "log in to PostgreSQL with the cloud's short-lived IAM credentials, no password in the URL: aws, RDS tokens (postgres://<user>@<endpoint>:5432/<db>?sslmode=verify-full); " +
          "gcp, Google's Cloud SQL connector over the private IP (postgres:///<db>?user=<service account email without .gserviceaccount.com>&cloudSqlInstance=<project>:<region>:<instance>)",
      ).choices(
        DATABASE_IAM_AUTH_PROVIDERS,
      ),
    );
}

/**
 * Starts a service and closes it gracefully on SIGTERM/SIGINT. Configuration mistakes become a
 * user-facing error (exit code 2); an environment that is not ready (database unreachable, port in
 * use, folder not writable) one line naming what failed and what to do (exit code 3).
 * `configErrors` lists a service's own configuration error classes.
 */
export async function runService(
  command: Command,
  flags: ListenFlags,
  start: () => Promise<Service>,
  configErrors: readonly (abstract new (...args: never[]) => Error)[] = [],
): Promise<void> {
  const name = commandPath(command);
  let service: Service | undefined;
  let stopHandlingSignals: (() => void) | undefined;
  try {
    service = await start();
    stopHandlingSignals = closeOnSignals(() => service!.close(), service.app.log);
    await service.listen({ port: flags.port, host: flags.host });
  } catch (error) {
    // Started but not listening: the database connection or worker would keep the process alive.
    stopHandlingSignals?.();
    await service?.close().catch(() => undefined);
    if (error instanceof ServiceConfigError || configErrors.some((type) => error instanceof type)) throw new UserFacingError(`${name}: ${(error as Error).message}`);
    throw explainStartupFailure(error, name, flags);
  }
}

/** `plinth tracking serve`: the words the user typed to reach a command. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return port;
}

export function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a positive whole number');
  return number;
}
