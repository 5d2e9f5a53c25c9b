import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TokenTable } from '../../../../services/kit/server/tokens';
import { TrackingClient } from '../../../../services/tracking/client/tracking-client';
import { createTrackingServer, type TrackingServerOptions } from '../../../../services/tracking/server';

/** A tracking server in this process on a free port, with a client for it. */
export interface TrackingHarness {
  readonly url: string;
  readonly client: TrackingClient;
  close(): Promise<void>;
}

export async function startTracking(options: Partial<TrackingServerOptions> & { readonly database: string; readonly token?: string }): Promise<TrackingHarness> {
  const artifactDir = mkdtempSync(path.join(tmpdir(), 'plinth-artifacts-'));
  const service = await createTrackingServer({ artifacts: artifactDir, tokens: new TokenTable([]), logLevel: 'silent', ...options });
  const url = await service.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    client: new TrackingClient({ uri: url, token: options.token }),
    async close() {
      await service.close();
      rmSync(artifactDir, { recursive: true, force: true });
    },
  };
}

/** Where a suite gets its server: the embedded store or a database on a PostgreSQL cluster. */
export type HarnessFactory = () => Promise<TrackingHarness>;
