import { type Command, InvalidArgumentError, Option } from 'commander';
import { UserFacingError } from '../../cli/exit-codes';
import { ServiceConfigError } from '../server/errors';
import type { Service } from '../server/create-service';
import { closeOnSignals } from '../server/graceful-shutdown';

/** The flags every `plinth <service> serve` command shares. */
export interface ServeFlags {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
}

export interface ServeDefaults {
  readonly port: number;
  /** Where the embedded store keeps its data unless --database-url says otherwise. */
  readonly databaseDirectory: string;
}

/** Adds --port, --host and --database-url, as every Plinth service takes them. */
export function withServeOptions(command: Command, defaults: ServeDefaults): Command {
  return command
    .addOption(new Option('--port <port>', 'port to listen on').default(defaults.port).argParser(parsePort))
    .option('--host <host>', 'interface to bind; without tokens the server binds 127.0.0.1 only', '0.0.0.0')
    .option('--database-url <url>', 'postgres://user:password@host:port/db, memory:, or a directory for the embedded store', defaults.databaseDirectory);
}

/**
 * Starts a service, closes it gracefully on SIGTERM/SIGINT, and turns configuration mistakes into a
 * user-facing error (exit code 2). `configErrors` lists a service's own configuration error classes.
 */
export async function runService(
  flags: ServeFlags,
  start: () => Promise<Service>,
  configErrors: readonly (abstract new (...args: never[]) => Error)[] = [],
): Promise<void> {
  try {
    const service = await start();
    closeOnSignals(() => service.close(), service.app.log);
    await service.listen({ port: flags.port, host: flags.host });
  } catch (error) {
    if (error instanceof ServiceConfigError || configErrors.some((type) => error instanceof type)) throw new UserFacingError((error as Error).message);
    throw error;
  }
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
