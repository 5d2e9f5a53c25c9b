import { S3Client } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port';

export const MOTO_TOOL = { command: 'moto_server', install: 'pip install "moto[server]"' } as const;

/** A moto_server on a free loopback port, with AWS managed IAM policies loaded (EKS roles attach them). */
export interface Emulator {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export async function startMoto(): Promise<Emulator> {
  const port = await freePort();
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: 'ignore',
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode} before listening on ${endpoint}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not answer on ${endpoint} within 30 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    endpoint,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Points this process's AWS SDK clients at the emulator's S3 with throwaway credentials, as a service
 * under test reads them (AWS_ENDPOINT_URL_S3 and the default chain), and gives the test its own client.
 * `restore()` puts the environment back.
 */
export function useEmulatorS3(emulator: Emulator): { readonly s3: S3Client; restore(): void } {
  const saved = { ...process.env };
  Object.assign(process.env, { AWS_ENDPOINT_URL_S3: emulator.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' });
  return {
    s3: new S3Client({ endpoint: emulator.endpoint, forcePathStyle: true }),
    restore: () => {
      process.env = saved;
    },
  };
}
