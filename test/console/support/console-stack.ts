import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startConsole } from '../../../services/console/server/console-server';
import { createDriftServer, type DriftServer } from '../../../services/drift/service/drift-server';
import { createGatesServer, type GatesServer } from '../../../services/gates/service/gates-server';
import { createInferenceServer, type InferenceServer } from '../../../services/inference/server/inference-server';
import { TokenTable } from '../../../services/kit/server/tokens';
import type { Service } from '../../../services/kit/server/create-service';
import { TrackingClient } from '../../../services/tracking/client/tracking-client';
import { createTrackingServer } from '../../../services/tracking/server';
import { freePort } from '../../support/free-port';

/** The services the console fronts. */
export type ConsoleServiceName = 'tracking' | 'gates' | 'drift' | 'inference';
const ALL_SERVICES: readonly ConsoleServiceName[] = ['tracking', 'gates', 'drift', 'inference'];

/** The holdout the gates evaluate promotions on: the README's lifecycle uses the same file. */
const CLASSIFIER_HOLDOUT = path.join(__dirname, '../../services/gates/fixtures/evaluation/classifier-holdout.csv');

/** scripts/build-console.js, CommonJS (the lead's contract); required by path, as the repository has no allowJs. */
interface ConsoleBuild {
  buildConsoleAssets(outdir: string): Promise<{ files: { name: string; bytes: number; gzipBytes: number }[] }>;
}
export type ConsoleAssets = Awaited<ReturnType<ConsoleBuild['buildConsoleAssets']>> & { readonly dir: string };

let assets: Promise<ConsoleAssets> | undefined;

/**
 * The console's bundle, built once per process into a temporary folder (esbuild takes seconds; every stack of a
 * test file or benchmark shares it). The folder is removed when the process exits.
 */
export function consoleAssets(): Promise<ConsoleAssets> {
  assets ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plinth-console-assets-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const { buildConsoleAssets } = require(path.join(__dirname, '../../../scripts/build-console.js')) as ConsoleBuild;
    return { ...(await buildConsoleAssets(dir)), dir };
  })();
  return assets;
}

/** The bearer tokens every service of the stack knows, the same on each: fresh values per stack. */
export interface StackTokens {
  /** Named `ci`, role write: creates runs, registers models, requests promotions. */
  readonly ci: string;
  /** Named `alice`, role approve: approves a high-risk promotion `ci` requested. */
  readonly alice: string;
  /** Named `reader`, role read. */
  readonly reader: string;
}

export interface ConsoleStackOptions {
  /**
   * Which services run (and so are configured in the console).
   * @default all four
   */
  readonly services?: readonly ConsoleServiceName[];
  /**
   * The tracking server's embedded store: a directory, already seeded (test/support/tracking-volume.ts) or not.
   * @default - a new directory in the stack's temporary folder
   */
  readonly trackingDatabase?: string;
  /** @default - the console's default (8 hours) */
  readonly sessionTtlSeconds?: number;
  /** @default - the console's default (30 minutes) */
  readonly idleTimeoutSeconds?: number;
  /**
   * The drift monitor's windows: small, so that a few hundred rows give reports.
   * @default { windowRows: 200, minWindowRows: 100, maxBatchRows: 200 }
   */
  readonly driftWindow?: { readonly windowRows: number; readonly minWindowRows: number; readonly maxBatchRows: number };
}

export interface ConsoleStack {
  /** The console's origin, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Each running service's base URL. */
  readonly urls: Partial<Record<ConsoleServiceName, string>>;
  readonly tokens: StackTokens;
  /** A tracking client with the `ci` (write) token. */
  readonly tracking: TrackingClient;
  /** The gates' publication target, which the inference server polls. */
  readonly repository: string;
  /** Folder of holdouts the gates read (`classifier-holdout.csv`). */
  readonly holdouts: string;
  /** The inference server, for `poller.pollNow()` after a promotion. */
  readonly inference?: InferenceServer;
  /** Every line the console logged, in order (tests check what never appears in them). */
  readonly consoleLog: readonly string[];
  close(): Promise<void>;
}

/** A string that would stand out in a page, a URL or a log line. */
function token(name: string): string {
  return `${name}-${randomBytes(12).toString('hex')}`;
}

/**
 * The real services in this process, each with an embedded store in one temporary folder and the same tokens,
 * and the console in front of them (`startConsole`, with the assets built once per process). Nothing is
 * mocked: what the browser sees came through the console's proxy from the service itself.
 */
export async function startConsoleStack(options: ConsoleStackOptions = {}): Promise<ConsoleStack> {
  const wanted = new Set(options.services ?? ALL_SERVICES);
  const folder = mkdtempSync(path.join(tmpdir(), 'plinth-console-stack-'));
  const repository = path.join(folder, 'repository');
  const holdouts = path.join(folder, 'holdouts');
  mkdirSync(repository);
  mkdirSync(holdouts);
  copyFileSync(CLASSIFIER_HOLDOUT, path.join(holdouts, 'classifier-holdout.csv'));
  const tokens: StackTokens = { ci: token('ci'), alice: token('alice'), reader: token('reader') };
  const table = () =>
    new TokenTable([
      { name: 'ci', token: tokens.ci, role: 'write' },
      { name: 'alice', token: tokens.alice, role: 'approve' },
      { name: 'reader', token: tokens.reader, role: 'read' },
    ]);
  const quiet = { write: () => undefined };
  const closers: (() => Promise<unknown>)[] = [];
  const urls: Partial<Record<ConsoleServiceName, string>> = {};
  const consoleLog: string[] = [];
  let inference: InferenceServer | undefined;
  const listen = async (name: ConsoleServiceName, service: Service, port = 0) => {
    closers.unshift(() => service.close());
    urls[name] = await service.listen({ port, host: '127.0.0.1' });
  };

  try {
    const built = consoleAssets();
    // Each embedded store is PostgreSQL in WebAssembly on its own worker thread, seconds to start: the services
    // start side by side. The gates only call tracking later, so tracking's port is chosen up front.
    const trackingPort = await freePort();
    const starting: Promise<void>[] = [];
    // Tracking runs whenever the gates do: they read and move the registry's aliases.
    if (wanted.has('tracking') || wanted.has('gates')) {
      starting.push(
        (async () => {
          const tracking = await createTrackingServer({
            database: options.trackingDatabase ?? path.join(folder, 'tracking'),
            artifacts: path.join(folder, 'artifacts'),
            tokens: table(),
            logStream: quiet,
          });
          await listen('tracking', tracking, trackingPort);
        })(),
      );
    }
    if (wanted.has('gates')) {
      starting.push(
        (async () => {
          const gates: GatesServer = await createGatesServer({
            database: path.join(folder, 'gates'),
            tokens: table(),
            trackingUrl: `http://127.0.0.1:${trackingPort}`,
            trackingToken: tokens.ci,
            target: { repository, maxBatchSize: 32 },
            holdouts,
            logStream: quiet,
          });
          await listen('gates', gates.service);
        })(),
      );
    }
    if (wanted.has('drift')) {
      starting.push(
        (async () => {
          const drift: DriftServer = await createDriftServer({
            database: path.join(folder, 'drift'),
            tokens: table(),
            monitor: options.driftWindow ?? { windowRows: 200, minWindowRows: 100, maxBatchRows: 200 },
            logStream: quiet,
          });
          await listen('drift', drift.service);
        })(),
      );
    }
    if (wanted.has('inference')) {
      starting.push(
        (async () => {
          // Polled by hand (poller.pollNow()) after a promotion: no timer decides when a test sees the new version.
          inference = await createInferenceServer({ repository, modelControlMode: 'poll', pollSeconds: 3600, tokens: table(), version: 'test', logStream: quiet });
          await listen('inference', inference.service);
        })(),
      );
    }
    const started = await Promise.allSettled([...starting, built]);
    const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    const consoleServer = await startConsole({
      port: 0,
      services: urls,
      assetsDir: (await built).dir,
      ...(options.sessionTtlSeconds === undefined ? {} : { sessionTtlSeconds: options.sessionTtlSeconds }),
      ...(options.idleTimeoutSeconds === undefined ? {} : { idleTimeoutSeconds: options.idleTimeoutSeconds }),
      logStream: { write: (line: string) => void consoleLog.push(line) },
    });
    closers.unshift(() => consoleServer.close());
    return {
      url: consoleServer.url.replace(/\/$/, ''),
      urls,
      tokens,
      tracking: new TrackingClient({ uri: urls.tracking ?? 'http://127.0.0.1:9', token: tokens.ci }),
      repository,
      holdouts,
      ...(inference ? { inference } : {}),
      consoleLog,
      close: () => closeAll(closers, folder),
    };
  } catch (error) {
    await closeAll(closers, folder);
    throw error;
  }
}

/** The console before the services it calls, then the folder; every closer runs even if one fails. */
async function closeAll(closers: readonly (() => Promise<unknown>)[], folder: string): Promise<void> {
  let failure: unknown;
  for (const close of closers) await close().catch((error: unknown) => (failure ??= error));
  rmSync(folder, { recursive: true, force: true });
  if (failure !== undefined) throw failure;
}

/** Signs in through the login form as a person does, and waits for the signed-in shell (the Main navigation). */
export async function signIn(page: Page, value: string): Promise<void> {
  await page.getByLabel('Token').fill(value);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}
