import { DataAwsIamOpenidConnectProvider } from '@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import type { Construct } from 'constructs';
import { STS_AUDIENCE } from './workload-identity';

/** GitHub Actions' OIDC issuer, without `https://`: the prefix of the condition keys STS checks. */
export const GITHUB_ISSUER_HOST = 'token.actions.githubusercontent.com';

/**
 * The ARN of the account's IAM OIDC provider for GitHub Actions. IAM keeps one provider per issuer URL
 * and account, so two environments in one account cannot both create it (the second fails with
 * EntityAlreadyExists): `create` makes it in this stack (one environment per account, the config's
 * first with `ci` on), `existing` looks it up by its URL (the creator is applied first), and an ARN is
 * used as it is (a provider made outside Plinth). No thumbprint: IAM trusts GitHub's issuer through
 * its own store of root CAs.
 */
export function githubOidcProviderArn(scope: Construct, id: string, provider: 'create' | 'existing' | string): string {
  if (provider === 'create') {
    return new IamOpenidConnectProvider(scope, id, { url: `https://${GITHUB_ISSUER_HOST}`, clientIdList: [STS_AUDIENCE] }).arn;
  }
  if (provider === 'existing') {
    return new DataAwsIamOpenidConnectProvider(scope, id, { url: `https://${GITHUB_ISSUER_HOST}` }).arn;
  }
  return provider;
}
