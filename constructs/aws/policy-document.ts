/**
 * IAM policy documents as typed objects, serialised with JSON.stringify: cdktf resolves the tokens
 * inside the string, and the AWS provider compares policies semantically, so no plan noise.
 */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | Readonly<Record<string, string | readonly string[]>>;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export function policyDocument(...statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export interface ServiceTrustOptions {
  /** More actions than sts:AssumeRole (EKS wants sts:TagSession). @default - none */
  readonly extraActions?: readonly string[];
  /** Only accept the service acting for this account (confused-deputy protection). @default - any */
  readonly sourceAccount?: string;
}

/** Trust policy letting one AWS service assume a role. */
export function serviceTrustPolicy(service: string, options: ServiceTrustOptions = {}): string {
  return policyDocument({
    Effect: 'Allow',
    Principal: { Service: service },
    Action: ['sts:AssumeRole', ...(options.extraActions ?? [])],
    ...(options.sourceAccount ? { Condition: { StringEquals: { 'aws:SourceAccount': options.sourceAccount } } } : {}),
  });
}
