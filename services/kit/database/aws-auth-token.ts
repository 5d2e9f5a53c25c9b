import { Signer } from '@aws-sdk/rds-signer';
import type { IamLogin } from './database-iam-auth';

/**
 * RDS signs a token for 15 minutes (the SDK's fixed X-Amz-Expires=900) and checks it only at login.
 * A token is reused for 10 minutes, so that a new connection always logs in with one that has five
 * minutes left: enough for a login on a slow network, without signing once per connection.
 */
export const TOKEN_REUSE_MS = 10 * 60 * 1000;

/**
 * The password of an IAM login to Amazon RDS or Aurora PostgreSQL: a SigV4-presigned `connect`
 * request for host:port and the database user, signed with the process's AWS credentials and region
 * (the SDK's default chains: IRSA's web identity token in a pod, AWS_REGION). Time is the system
 * clock, which the SDK signs with too.
 */
export class AwsAuthToken {
  private readonly signer: Signer;
  private current?: { readonly token: Promise<string>; readonly signedAt: number };

  constructor(login: IamLogin) {
    this.signer = new Signer({ hostname: login.host, port: login.port, username: login.user });
  }

  /** A token with at least five minutes left; concurrent logins share one signing. */
  get(): Promise<string> {
    const now = Date.now();
    if (!this.current || now - this.current.signedAt >= TOKEN_REUSE_MS) {
      const token = this.signer.getAuthToken();
      const current = { token, signedAt: now };
      this.current = current;
      // A failed signing (no credentials yet) is not kept: the next login signs again.
      token.catch(() => {
        if (this.current === current) this.current = undefined;
      });
    }
    return this.current.token;
  }
}
