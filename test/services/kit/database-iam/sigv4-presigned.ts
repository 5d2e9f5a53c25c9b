import { createHash, createHmac } from 'node:crypto';

/** What an RDS IAM token says, read as the presigned URL it is. */
export interface PresignedConnect {
  readonly hostAndPort: string;
  readonly params: Record<string, string>;
}

export function readToken(token: string): PresignedConnect {
  const url = new URL(`https://${token}`);
  return { hostAndPort: url.host, params: Object.fromEntries(url.searchParams) };
}

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const encode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The signature AWS computes for a presigned GET to host:port with these query parameters, written
 * from the SigV4 specification (docs.aws.amazon.com, "Create a signed AWS API request") rather than
 * with the SDK that signed the token: a match means RDS would compute the same signature.
 */
export function expectedSignature(token: PresignedConnect, secretAccessKey: string): string {
  const { 'X-Amz-Signature': _signature, ...signed } = token.params;
  const query = Object.keys(signed)
    .sort()
    .map((key) => `${encode(key)}=${encode(signed[key]!)}`)
    .join('&');
  const canonicalRequest = ['GET', '/', query, `host:${token.hostAndPort}`, '', 'host', sha256('')].join('\n');
  const [, date, region, service] = signed['X-Amz-Credential']!.split('/');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', signed['X-Amz-Date']!, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date!), region!), service!), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}
