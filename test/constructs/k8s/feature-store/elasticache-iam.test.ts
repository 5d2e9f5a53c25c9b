import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { requireTools } from '../../../support/tools';

const HOOK_DIRECTORY = path.join(__dirname, '..', '..', '..', '..', 'constructs', 'k8s', 'feature-store');
const CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token' };

/** Runs Python with the hook importable, without PLINTH_ELASTICACHE_CACHE_NAME (so nothing is patched). */
function python(code: string): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, PYTHONPATH: HOOK_DIRECTORY, PLINTH_ELASTICACHE_CACHE_NAME: '' };
  return spawnSync('python3', ['-c', code], { env, encoding: 'utf8' });
}

describe('elasticache_iam.py (the pods\' sitecustomize)', () => {
  const tools = requireTools([{ command: 'python3', install: 'apt-get install python3 python3-botocore' }]);
  const withPython = tools.available ? it : it.skip;

  withPython('signs a token that the AWS SDK for JavaScript signs identically for the same request and time', async () => {
    const result = python(
      'from botocore.credentials import Credentials\n' +
        'from elasticache_iam import elasticache_iam_token\n' +
        `print(elasticache_iam_token("acme-prod-cache", "acme-prod-cache-feast", "eu-west-1", Credentials(${JSON.stringify(CREDENTIALS.accessKeyId)}, ${JSON.stringify(CREDENTIALS.secretAccessKey)}, ${JSON.stringify(CREDENTIALS.sessionToken)})))`,
    );
    expect(result.stderr).toBe('');
    const token = result.stdout.trim();
    const query = new URL(`http://${token}`).searchParams;
    expect(token.startsWith('acme-prod-cache/?')).toBe(true);
    expect(Object.fromEntries(query)).toMatchObject({ Action: 'connect', User: 'acme-prod-cache-feast', 'X-Amz-Expires': '900', 'X-Amz-SignedHeaders': 'host', 'X-Amz-Security-Token': 'session-token' });
    expect(query.get('X-Amz-Credential')).toMatch(/^AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/elasticache\/aws4_request$/);

    const date = query.get('X-Amz-Date')!;
    const signingDate = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
    const signer = new SignatureV4({ service: 'elasticache', region: 'eu-west-1', credentials: CREDENTIALS, sha256: Sha256 });
    const request = new HttpRequest({ method: 'GET', protocol: 'http:', hostname: 'acme-prod-cache', path: '/', query: { Action: 'connect', User: 'acme-prod-cache-feast' }, headers: { host: 'acme-prod-cache' } });
    const presigned = await signer.presign(request, { expiresIn: 900, signingDate });
    expect(query.get('X-Amz-Signature')).toBe(presigned.query?.['X-Amz-Signature']);
  });

  withPython('patches nothing when the pod is not configured for a cache (a laptop, a test)', () => {
    const result = python('import sys\nimport elasticache_iam\nprint("redis" in sys.modules)');
    expect(result).toMatchObject({ status: 0, stdout: 'False\n' });
  });
});
