import type { Duplex } from 'node:stream';
import type { CloudSqlConnection } from './cloud-sql-url';
import { type DatabaseFailure, DatabaseUnavailableError } from './database-unavailable-error';

/** What the pool needs of Google's Cloud SQL connector (`Connector` from '@google-cloud/cloud-sql-connector'). */
export interface CloudSqlConnector {
  getOptions(options: { instanceConnectionName: string; ipType: 'PRIVATE'; authType: 'IAM' }): Promise<{ stream(): Duplex }>;
  close(): void;
}

/** Makes the connector a pool uses; a test passes a stand-in, as Google's needs Google's APIs. */
export type CloudSqlConnectorFactory = () => CloudSqlConnector;

/** Google's connector, loaded on use, so that AWS and local runs never load it nor Google's auth library. */
export const googleCloudSqlConnector: CloudSqlConnectorFactory = () => {
  const { Connector, IpAddressTypes, AuthTypes } = require('@google-cloud/cloud-sql-connector') as typeof import('@google-cloud/cloud-sql-connector');
  // Its credentials are the process's (Application Default Credentials: Workload Identity in a pod).
  const connector = new Connector();
  let lastFailed = false;
  return {
    getOptions: async ({ instanceConnectionName, ipType, authType }) => {
      try {
        const options = await connector.getOptions({ instanceConnectionName, ipType: IpAddressTypes[ipType], authType: AuthTypes[authType] });
        lastFailed = false;
        return options;
      } catch (error) {
        lastFailed = true;
        throw error;
      }
    },
    // Connector 1.10's close() leaves the rejection of a failed first fetch, which it keeps until the
    // next getOptions, unhandled: the process would crash after the start failure's line. Such a fetch
    // schedules no refresh, so there is nothing to close.
    close: () => {
      if (!lastFailed) connector.close();
    },
  };
};

/**
 * The sockets of a pg pool that logs in to Cloud SQL with IAM database authentication. Before a
 * connection opens, `ready()` has the connector fetch the instance's private address and CA and an
 * ephemeral client certificate carrying the pod's access token (the Cloud SQL Admin API), which it then
 * refreshes before they expire; `stream()` opens a TLS socket that verifies the server with them.
 */
export class CloudSqlStream {
  private readonly connector: CloudSqlConnector;
  private options?: Promise<{ stream(): Duplex }>;
  private resolved?: { stream(): Duplex };

  constructor(
    private readonly connection: CloudSqlConnection,
    private readonly where: string,
    connector: CloudSqlConnectorFactory = googleCloudSqlConnector,
  ) {
    this.connector = connector();
  }

  /** Resolves once the connector can open sockets; concurrent connections share one fetch, a failed one is fetched again. */
  async ready(): Promise<void> {
    if (!this.options) {
      const options = this.connector.getOptions({ instanceConnectionName: this.connection.instanceConnectionName, ipType: 'PRIVATE', authType: 'IAM' });
      this.options = options;
      options.catch(() => {
        if (this.options === options) this.options = undefined;
      });
    }
    try {
      this.resolved = await this.options;
    } catch (error) {
      throw explainConnectorFailure(error, this.where);
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

/** Statuses of the Cloud SQL Admin API and what each means for this login. */
const ADMIN_API_STATUS: Record<number, [DatabaseFailure, string]> = {
  401: ['gcp-credentials', 'the Cloud SQL Admin API refused the credentials'],
  403: ['cloud-sql-permission', 'the Cloud SQL Admin API refused access to the instance'],
  404: ['cloud-sql-instance', 'the Cloud SQL Admin API has no such instance'],
};

/** The connector's own error codes (CloudSQLConnectorError) about the instance rather than the environment. */
const CONNECTOR_CODES: Record<string, [DatabaseFailure, string]> = {
  ENOACCESSTOKEN: ['gcp-credentials', 'no access token for the IAM login'],
  ENOPRIVATESQLADMINIPADDRESS: ['cloud-sql-instance', 'the instance has no private IP address'],
  ENOSQLADMINIPADDRESS: ['cloud-sql-instance', 'the instance has no IP address'],
  EBADSQLADMINREGION: ['cloud-sql-instance', 'the region in cloudSqlInstance is not the instance\'s'],
  ENOSQLADMIN: ['cloud-sql-instance', 'the Cloud SQL Admin API returned nothing for the instance'],
  ENOSQLADMINEPH: ['cloud-sql-instance', 'the Cloud SQL Admin API returned no client certificate'],
  ENOSQLADMINCERT: ['cloud-sql-instance', 'the instance has no server CA certificate'],
};

/** Network errors reaching the Admin API (sqladmin.googleapis.com) or Google's token endpoints. */
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Turns what Google's connector throws while preparing a login (google-auth-library's errors, the
 * Admin API's HTTP errors through gaxios, CloudSQLConnectorError codes) into a DatabaseUnavailableError
 * naming what failed, or returns it as it is when it is none of those (a bug).
 */
export function explainConnectorFailure(error: unknown, where: string): unknown {
  const found = classify(error);
  if (!found) return error;
  const [failure, reason] = found;
  const detail = firstLine(error);
  return new DatabaseUnavailableError(failure, `cannot prepare an IAM login to PostgreSQL at ${where} with Google's Cloud SQL connector (${reason}${detail ? `: ${detail}` : ''})`, { cause: error });
}

function classify(error: unknown): [DatabaseFailure, string] | undefined {
  const { code, status, message, cause } = error as { code?: unknown; status?: unknown; message?: unknown; cause?: unknown };
  if (typeof status === 'number' && ADMIN_API_STATUS[status]) return ADMIN_API_STATUS[status];
  // Google's token endpoint refusing a key or a Workload Identity token (revoked, deleted service account).
  if (status === 400 && typeof message === 'string' && /invalid_grant|invalid_client|unauthorized_client/.test(message)) return ['gcp-credentials', 'Google refused the credentials'];
  if (typeof code === 'string' && CONNECTOR_CODES[code]) return CONNECTOR_CODES[code];
  // google-auth-library's words when no credentials are found (no Workload Identity, no key file, no gcloud login).
  if (typeof message === 'string' && message.startsWith('Could not load the default credentials')) return ['gcp-credentials', 'no Google credentials'];
  const network = typeof code === 'string' && UNREACHABLE.has(code) ? code : (cause as { code?: unknown } | undefined)?.code;
  if (typeof network === 'string' && UNREACHABLE.has(network)) return ['cloud-sql-admin-unreachable', `Google's APIs cannot be reached: ${network}`];
  return undefined;
}

function firstLine(error: unknown): string {
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' ? message.split('\n')[0]!.slice(0, 300) : '';
}
