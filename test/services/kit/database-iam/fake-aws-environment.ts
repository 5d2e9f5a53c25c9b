/** Credentials that sign but open nothing, and a region: what IRSA and AWS_REGION give a pod. */
export const FAKE_CREDENTIALS = { accessKeyId: 'AKIAPLINTHTESTONLY00', secretAccessKey: 'plinth-test-secret-key-not-real', region: 'eu-west-1' } as const;

/** The AWS environment variables of this test process, set for its tests and restored after. */
export function fakeAwsEnvironment(): void {
  const saved: Record<string, string | undefined> = {};
  const values: Record<string, string> = {
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    AWS_REGION: FAKE_CREDENTIALS.region,
  };
  beforeAll(() => {
    for (const [name, value] of Object.entries(values)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    saved.AWS_SESSION_TOKEN = process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_SESSION_TOKEN;
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}
