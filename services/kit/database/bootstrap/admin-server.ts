import type { ClientConfig } from 'pg';
import type { DatabaseIamAuth } from '../database-iam-auth';
import type { DatabaseFailure } from '../database-unavailable-error';

/** The database server as its administrator reaches it: on AWS a host and port, on GCP a Cloud SQL instance. */
export interface AdminServer {
  /** Whose IAM authentication the service's role uses (what the bootstrap creates or requires). */
  readonly cloud: DatabaseIamAuth;
  /** How the command's lines name the server: `host:port`, or the instance connection name. */
  readonly where: string;
  /** pg's options for the administrator's connection to `database`. */
  connection(database: string): Promise<ClientConfig>;
  /** What to do about each way the connection fails, in terms of the command's flags. */
  readonly advice: Partial<Record<DatabaseFailure, string>>;
  /** The privileges the bootstrap needs of the administrator for the role (`rds_iam` on AWS), and who has them. */
  readonly privileges: { readonly role: string; readonly holder: string };
  /** Releases what the connections needed beyond their sockets (the Cloud SQL connector's refreshes). */
  close(): void;
}
