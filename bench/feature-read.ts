/**
 * The online feature read path's ceiling: what a read of one entity's features from Redis costs, in
 * the layout Feast's Redis online store uses, against Debian's redis-server on loopback, over TLS as
 * ElastiCache in transit encryption requires and in plain TCP. Latency p50/p99 with 32 reads in flight.
 *
 * Through the Feast feature server (`POST /get-online-features`) is not measured here: Feast is a
 * Python package from PyPI, which this machine cannot reach. Run it against a deployed feature server
 * with any HTTP load generator to compare with this ceiling.
 *
 *   npx tsx bench/feature-read.ts
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Redis, { type RedisOptions } from 'ioredis';
import { freePort } from '../test/support/free-port';
import { hasCommand } from '../test/support/tools';
import { printFigure } from './figures';

const ENTITIES = 10_000;
const FEATURE_VIEWS = { driver_hourly_stats: 8, driver_daily_stats: 12 } as const;
const IN_FLIGHT = 32;
const READS = 50_000;

/**
 * Feast's layout: one hash per entity, keyed by the serialized entity key and the project; a field per
 * feature named by a 4-byte hash of `<view>:<feature>`, holding a serialized ValueProto (9 bytes for
 * a double), and a `_ts:<view>` field per view holding the event time. Only the sizes matter here.
 */
const FIELDS = Object.entries(FEATURE_VIEWS).flatMap(([view, features]) => [
  ...Array.from({ length: features }, (_, i) => createHash('sha256').update(`${view}:feature_${i}`).digest().subarray(0, 4)),
  Buffer.from(`_ts:${view}`),
]);
const entityKey = (id: number) => Buffer.concat([Buffer.from([2, 0, 0, 0, 9, 0, 0, 0]), Buffer.from('driver_id'), Buffer.alloc(8, id % 256), Buffer.from('acme_rt')]);

async function startRedis(folder: string, tls: boolean): Promise<{ server: ChildProcess; options: RedisOptions }> {
  const port = await freePort();
  const file = (name: string) => path.join(folder, name);
  const args = ['--port', tls ? '0' : String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', folder];
  if (tls) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', file('key.pem'), '-out', file('cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    args.push('--tls-port', String(port), '--tls-cert-file', file('cert.pem'), '--tls-key-file', file('key.pem'), '--tls-auth-clients', 'no');
  }
  const server = spawn('redis-server', args, { stdio: 'ignore' });
  const options: RedisOptions = { host: '127.0.0.1', port, lazyConnect: true, ...(tls ? { tls: { ca: readFileSync(file('cert.pem')) } } : {}) };
  for (let attempt = 0; ; attempt++) {
    const probe = new Redis({ ...options, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    // Refused until the server listens: the loop retries, so the event needs no other handling.
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return { server, options };
    } catch (error) {
      probe.disconnect();
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function measure(label: string, options: RedisOptions): Promise<void> {
  const client = new Redis(options);
  await client.connect();
  const value = Buffer.from([0x31, 1, 2, 3, 4, 5, 6, 7, 8]);
  for (let start = 0; start < ENTITIES; start += 500) {
    const pipeline = client.pipeline();
    for (let id = start; id < start + 500; id++) pipeline.hset(entityKey(id), ...FIELDS.flatMap((field) => [field, value]));
    await pipeline.exec();
  }
  const latencies = new Float64Array(READS);
  let next = 0;
  const began = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < READS) {
        const index = next++;
        const t0 = process.hrtime.bigint();
        const values = await client.hmgetBuffer(entityKey(index % ENTITIES), ...FIELDS);
        latencies[index] = Number(process.hrtime.bigint() - t0) / 1e6;
        if (values.length !== FIELDS.length || values[0] === null) throw new Error('feature read returned nothing');
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  latencies.sort();
  printFigure(`online read, direct Redis (${label}), p50`, latencies[Math.floor(READS * 0.5)]!, 'ms');
  printFigure(`online read, direct Redis (${label}), p99`, latencies[Math.floor(READS * 0.99)]!, 'ms');
  printFigure(`online read, direct Redis (${label}), throughput`, READS / seconds, 'reads/s');
  client.disconnect();
}

async function main(): Promise<void> {
  if (!hasCommand('redis-server')) {
    process.stdout.write('SKIPPED: feature-read: redis-server is not installed (apt-get install redis-server)\n');
    return;
  }
  for (const tls of [true, false]) {
    const folder = mkdtempSync(path.join(tmpdir(), 'plinth-bench-redis-'));
    const { server, options } = await startRedis(folder, tls);
    try {
      await measure(tls ? 'TLS' : 'plain TCP', options);
    } finally {
      server.kill();
      rmSync(folder, { recursive: true, force: true });
    }
  }
  process.stdout.write('online read through the Feast feature server: not measured (Feast is a PyPI package; this machine reaches only npm and Debian)\n');
}

void main();
