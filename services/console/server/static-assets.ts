import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { ServiceConfigError, ServiceError } from '../../kit/server/errors';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Only the console's own files, from its own origin: no inline script or style, no other host, no
 * framing. uPlot and Preact set styles through the CSSOM, which `style-src 'self'` allows.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  readonly content: Buffer;
  readonly type: string;
  readonly etag: string;
}

/**
 * The built console (`scripts/build-console.js`: index.html, app.js, app.css and their maps), read once
 * at start: a missing or half-built folder stops the start with what to run, not a blank page later.
 */
export function loadAssets(directory: string): ReadonlyMap<string, Asset> {
  let names: string[];
  try {
    names = readdirSync(directory).filter((name) => statSync(path.join(directory, name)).isFile());
  } catch {
    throw new ServiceConfigError(`--assets ${directory}: no built console there; run \`npm run build\` (npm ci runs it) or pass the folder scripts/build-console.js wrote`);
  }
  for (const needed of ['index.html', 'app.js', 'app.css']) {
    if (!names.includes(needed)) throw new ServiceConfigError(`--assets ${directory}: ${needed} is missing; run \`npm run build\` again`);
  }
  return new Map(
    names
      .filter((name) => CONTENT_TYPES[path.extname(name)] !== undefined)
      .map((name) => {
        const content = readFileSync(path.join(directory, name));
        return [name, { content, type: CONTENT_TYPES[path.extname(name)]!, etag: `"${createHash('sha256').update(content).digest('base64url').slice(0, 22)}"` }];
      }),
  );
}

/** `GET /` (the page) and `GET /assets/<file>`, with the security headers every answer of the console carries. */
export function staticAssets(assets: ReadonlyMap<string, Asset>): FastifyPluginAsync {
  return async (app) => {
    app.get('/', { config: { access: 'public' } }, async (request, reply) => send(reply, assets.get('index.html')!, request.headers['if-none-match']));
    app.get('/assets/:file', { config: { access: 'public' } }, async (request, reply) => {
      const { file } = request.params as { file: string };
      const asset = file === 'index.html' ? undefined : assets.get(file);
      if (!asset) throw new ServiceError('not-found', `No asset ${file}`);
      return send(reply, asset, request.headers['if-none-match']);
    });
  };
}

function send(reply: FastifyReply, asset: Asset, ifNoneMatch: string | undefined): FastifyReply {
  // Revalidated at every load (the names carry no hash); an unchanged file costs a 304.
  reply.header('cache-control', 'no-cache').header('etag', asset.etag);
  if (ifNoneMatch === asset.etag) return reply.code(304).send();
  return reply.type(asset.type).send(asset.content);
}
