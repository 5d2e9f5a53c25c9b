import type { FastifyBaseLogger } from 'fastify';

/**
 * On SIGTERM (what Kubernetes sends) or SIGINT: stop accepting, let in-flight requests finish,
 * release resources (`close`), then let the process exit. A second signal exits at once.
 * Returns a function that removes the handlers.
 */
export function closeOnSignals(close: () => Promise<void>, log: FastifyBaseLogger, signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): () => void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    closing = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    close().then(
      () => {
        log.info('shut down cleanly');
        remove();
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
        remove();
      },
    );
  };
  const remove = () => {
    for (const signal of signals) process.removeListener(signal, onSignal);
  };
  for (const signal of signals) process.on(signal, onSignal);
  return remove;
}
