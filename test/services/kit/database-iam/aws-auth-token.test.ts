import { AwsAuthToken, TOKEN_REUSE_MS } from '../../../../services/kit/database/aws-auth-token';
import { fakeAwsEnvironment, FAKE_CREDENTIALS } from './fake-aws-environment';
import { expectedSignature, readToken } from './sigv4-presigned';

const LOGIN = { host: 'plinth-dev.abc123.eu-west-1.rds.amazonaws.com', port: 5432, user: 'plinth_tracking' };
const START = Date.parse('2026-12-01T03:00:00Z');

/** Only Date is fake: the SDK signs with it too, and the sockets and timers it uses stay real. */
function freezeClockAt(time: number): void {
  jest.useFakeTimers({
    now: time,
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
}

describe('IAM login token for RDS (signed with @aws-sdk/rds-signer from the default credential and region chains)', () => {
  fakeAwsEnvironment();
  beforeEach(() => freezeClockAt(START));
  afterEach(() => jest.useRealTimers());

  it('is a SigV4-presigned connect request for host:port and the database user, valid 15 minutes, whose signature AWS would compute', async () => {
    const token = readToken(await new AwsAuthToken(LOGIN).get());
    expect(token.hostAndPort).toBe(`${LOGIN.host}:5432`);
    expect(token.params).toEqual({
      Action: 'connect',
      DBUser: 'plinth_tracking',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${FAKE_CREDENTIALS.accessKeyId}/20261201/${FAKE_CREDENTIALS.region}/rds-db/aws4_request`,
      'X-Amz-Date': '20261201T030000Z',
      'X-Amz-Expires': '900',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(token.params['X-Amz-Signature']).toBe(expectedSignature(token, FAKE_CREDENTIALS.secretAccessKey));
  });

  it('is reused for 10 minutes, then signed again: a new login always has at least 5 minutes of validity', async () => {
    const source = new AwsAuthToken(LOGIN);
    const [first, concurrent] = await Promise.all([source.get(), source.get()]);
    expect(concurrent).toBe(first);

    jest.setSystemTime(START + TOKEN_REUSE_MS - 1000);
    expect(await source.get()).toBe(first);

    jest.setSystemTime(START + TOKEN_REUSE_MS);
    const refreshed = readToken(await source.get());
    expect(refreshed.params['X-Amz-Date']).toBe('20261201T031000Z');
    expect(refreshed.params['X-Amz-Signature']).toBe(expectedSignature(refreshed, FAKE_CREDENTIALS.secretAccessKey));
    expect(TOKEN_REUSE_MS + 5 * 60 * 1000).toBeLessThanOrEqual(Number(refreshed.params['X-Amz-Expires']) * 1000);
  });
});
