import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TrackingClient } from '../../../services/tracking/client/tracking-client';
import { startCliServer } from './support/cli-server';

function refusesConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });
}

describe('plinth tracking serve: graceful shutdown', () => {
  const artifacts = mkdtempSync(path.join(tmpdir(), 'plinth-shutdown-'));
  afterAll(() => rmSync(artifacts, { recursive: true, force: true }));

  it('on SIGTERM stops accepting, finishes the request in flight, closes the store and exits 0', async () => {
    const server = await startCliServer(['--database-url', 'memory:', '--artifacts', artifacts], { PLINTH_TRACKING_TEST_PAUSE_IN_LOG_BATCH_MS: '1500' });
    const client = new TrackingClient({ uri: server.url });
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ready' });
    const runId = (await client.createRun()).info.run_id;
    let settled = false;
    const inFlight = client.logBatch(runId, { metrics: [{ key: 'loss', value: 0.1, timestamp: 1 }] }).then(
      () => 'committed',
      (error: Error) => error.message,
    );
    void inFlight.finally(() => (settled = true));
    await server.waitForLog('pausing before COMMIT');
    server.child.kill('SIGTERM');
    await server.waitForLog('shutting down: finishing in-flight requests');
    let refused = false;
    for (let attempt = 0; attempt < 20 && !refused; attempt++) {
      refused = await refusesConnections(server.url);
      if (!refused) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect({ refused, settled }).toEqual({ refused: true, settled: false });
    expect(await inFlight).toBe('committed');
    expect(await server.exited).toBe(0);
    expect(server.lines.some((line) => line.includes('shut down cleanly'))).toBe(true);
    expect(server.lines.some((line) => line.includes('authentication is off'))).toBe(true);
  }, 180_000);

  it('refuses a bad token list at start-up with exit code 2, naming the entry but not the token', async () => {
    const server = startCliServer(['--database-url', 'memory:', '--artifacts', artifacts], { PLINTH_TOKENS: 'ci:very-secret-value:admin' });
    await expect(server).rejects.toThrow(/exited \(2\).*entry 1 \(ci\): role must be read, write, approve/s);
    await expect(server).rejects.not.toThrow(/very-secret-value/);
  }, 120_000);
});
