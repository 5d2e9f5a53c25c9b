import { connect, type Socket } from 'node:net';
import type { CloudSqlConnector, CloudSqlConnectorFactory } from '../../../../services/kit/database/cloud-sql-stream';

/** What the pool asked of a stand-in connector, and what it did with it. */
export interface StandInCloudSqlConnector {
  readonly factory: CloudSqlConnectorFactory;
  /** The options of each getOptions call. */
  readonly asked: unknown[];
  readonly counts: { sockets: number; closed: number };
}

/**
 * Stands for Google's Cloud SQL connector, which needs Google's APIs: records what the pool asks, and
 * opens plain TCP sockets to a local PostgreSQL where Google's opens a TLS socket to the instance's
 * private IP with its client certificate. Like Google's, the socket is connected already: pg's
 * connect() is a no-op on it. `failures` are thrown by the first getOptions calls, one each.
 */
export function standInCloudSqlConnector(server: { readonly host: string; readonly port: number }, failures: readonly Error[] = []): StandInCloudSqlConnector {
  const asked: unknown[] = [];
  const counts = { sockets: 0, closed: 0 };
  const pending = [...failures];
  const connector: CloudSqlConnector = {
    getOptions: async (options) => {
      asked.push(options);
      const failure = pending.shift();
      if (failure) throw failure;
      return {
        stream: () => {
          counts.sockets += 1;
          const socket: Socket = connect(server.port, server.host);
          socket.connect = (() => socket) as Socket['connect'];
          return socket;
        },
      };
    },
    close: () => {
      counts.closed += 1;
    },
  };
  return { factory: () => connector, asked, counts };
}
