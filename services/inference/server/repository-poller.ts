import { stat } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import { listModelRepository, type RepositoryModel } from '../../kit/models/model-repository';
import type { ServedModels } from './served-models';

/**
 * Triton's `--model-control-mode poll`: every interval, loads the models that appeared or changed in
 * the repository (a config, a version folder, a model file) and unloads those that disappeared. A
 * model that fails to reload keeps serving its previous versions.
 */
export class RepositoryPoller {
  private timer: NodeJS.Timeout | undefined;
  private readonly seen = new Map<string, string>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly models: ServedModels,
    private readonly repository: string,
    private readonly intervalMs: number,
    private readonly log: FastifyBaseLogger,
    /** Run before each scan (a bucket repository syncs its local mirror). */
    private readonly refresh?: () => Promise<unknown>,
  ) {}

  /** Remembers the repository as loaded now, then polls. */
  start(): void {
    this.running = this.scan(false);
    this.timer = setInterval(() => {
      this.running ??= this.scan(true).finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One poll now, for tests and `SIGHUP`-style use: resolves once its loads and unloads are done. */
  async pollNow(): Promise<void> {
    await this.running;
    await this.scan(true);
  }

  private async scan(apply: boolean): Promise<void> {
    try {
      if (apply) await this.refresh?.();
      const listing = await listModelRepository(this.repository);
      const present = new Set(listing.models.map((model) => model.name));
      for (const model of listing.models) {
        const fingerprint = await fingerprintOf(model);
        if (this.seen.get(model.name) === fingerprint) continue;
        this.seen.set(model.name, fingerprint);
        if (apply) await this.models.load(model.name).then(() => this.log.info({ model: model.name }, 'model loaded'), (error: Error) => this.log.error({ model: model.name }, error.message));
      }
      for (const name of [...this.seen.keys()].filter((name) => !present.has(name))) this.seen.delete(name);
      if (!apply) return;
      for (const name of [...this.models.models.keys()].filter((name) => !present.has(name))) {
        await this.models.unload(name).then(() => this.log.info({ model: name }, 'model unloaded: gone from the repository'), () => undefined);
      }
    } catch (error) {
      this.log.error({ repository: this.repository }, `model repository poll failed: ${(error as Error).message}`);
    }
  }
}

/** What changes when a model's config or versions change: paths, sizes and modification times. */
async function fingerprintOf(model: RepositoryModel): Promise<string> {
  const files = [model.configPath, ...model.versions.map((version) => version.path)];
  const stats = await Promise.all(files.map((file) => stat(file).then((info) => `${file}:${info.size}:${info.mtimeMs}`, () => `${file}:missing`)));
  return stats.join('|');
}
