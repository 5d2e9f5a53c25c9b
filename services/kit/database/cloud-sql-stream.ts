import type { Duplex } from 'node:stream';
import { explainConnectorFailure } from './cloud-sql-connector-failure';
import type { CloudSqlConnection } from './cloud-sql-url';
import { googleCloudSqlConnector } from './google-cloud-sql-connector';

/**
 * How the connection logs in: `IAM`, the process's access token as the password (the services); `PASSWORD`, a
 * built-in user's password (the bootstrap's administrator).
 */
export type CloudSqlAuthType = 'IAM' | 'PASSWORD';

/** What the pool needs of Google's Cloud SQL connector (`Connector` from '@google-cloud/cloud-sql-connector'). */
export interface CloudSqlConnector {
  getOptions(options: { instanceConnectionName: string; ipType: 'PRIVATE'; authType: CloudSqlAuthType }): Promise<{ stream(): Duplex }>;
  close(): void;
}

/** Makes the connector a pool uses; a test passes a stand-in, as Google's needs Google's APIs. */
export type CloudSqlConnectorFactory = () => CloudSqlConnector;

/**
 * The sockets of a pg pool that logs in to Cloud SQL with IAM database authentication (or, for the bootstrap's
 * administrator, a password: `authType`). Before a
 * connection opens, `ready()` has the connector fetch the instance's private address and CA and an
 * ephemeral client certificate carrying the pod's access token (the Cloud SQL Admin API), which it then
 * refreshes before they expire; `stream()` opens a TLS socket that verifies the server with them.
 */
export class CloudSqlStream {
  private readonly connector: CloudSqlConnector;
  private options?: Promise<{ stream(): Duplex }>;
  private resolved?: { stream(): Duplex };

  constructor(
    private readonly connection: Pick<CloudSqlConnection, 'instanceConnectionName'>,
    private readonly where: string,
    connector: CloudSqlConnectorFactory = googleCloudSqlConnector,
    private readonly authType: CloudSqlAuthType = 'IAM',
  ) {
    this.connector = connector();
  }

  /** Resolves once the connector can open sockets; concurrent connections share one fetch, a failed one is fetched again. */
  async ready(): Promise<void> {
    if (!this.options) {
      const options = this.connector.getOptions({ instanceConnectionName: this.connection.instanceConnectionName, ipType: 'PRIVATE', authType: this.authType });
      this.options = options;
      options.catch(() => {
        if (this.options === options) this.options = undefined;
      });
    }
    try {
      this.resolved = await this.options;
    } catch (error) {
      throw explainConnectorFailure(error, this.where, this.authType === 'IAM' ? 'an IAM login' : 'a password login');
    }
  }

  /** pg's `stream` option: called for each new connection, after ready(). */
  readonly stream = (): Duplex => {
    if (!this.resolved) throw new Error('CloudSqlStream.stream() before ready()');
    return this.resolved.stream();
  };

  /** Stops the connector's certificate refreshes, which would keep the process alive. */
  close(): void {
    this.connector.close();
  }
}
