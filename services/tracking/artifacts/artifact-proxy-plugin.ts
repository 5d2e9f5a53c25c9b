import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ARTIFACT_PATH_RULES, checkArtifactPath } from '../../kit/artifacts/artifact-path';
import { ArtifactNotFoundError, ArtifactPathConflictError, type ArtifactStore } from '../../kit/artifacts/artifact-store';
import { ServiceError } from '../../kit/server/errors';

export interface ArtifactProxyOptions {
  readonly store: ArtifactStore;
  /** Largest file accepted by an upload, in bytes. */
  readonly maxArtifactBytes: number;
}

/**
 * MLflow's artifact proxy (`mlflow server --serve-artifacts`), under `/api/2.0/mlflow-artifacts`:
 * clients upload, download and list run artifacts through this server and need no cloud
 * credentials. Paths are relative to the store root, e.g. `<experiment>/<run>/artifacts/model.pkl`.
 */
export function artifactProxyPlugin({ store, maxArtifactBytes }: ArtifactProxyOptions): FastifyPluginAsync {
  return async (app) => {
    // Uploads are files of any type, JSON included: stream them through untouched.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, done) => done(null));

    app.get<{ Querystring: { path?: string } }>(
      '/artifacts',
      { config: { access: 'read' }, schema: { querystring: { type: 'object', properties: { path: { type: 'string' } } } } },
      async (request) => {
        const directory = request.query.path ? safePath(request.query.path) : '';
        const entries = await store.list(directory);
        return {
          files: entries.map((entry) => ({ path: entry.path.split('/').pop(), is_dir: entry.isDir, ...(entry.isDir ? {} : { file_size: entry.size }) })),
        };
      },
    );

    app.get<{ Params: { '*': string } }>('/artifacts/*', { config: { access: 'read' } }, async (request, reply) => {
      const path = safePath(request.params['*']);
      try {
        const body = await store.get(path);
        const name = path.split('/').pop()!;
        return reply
          .type('application/octet-stream')
          .header('content-disposition', attachment(name))
          .header('x-content-type-options', 'nosniff')
          .send(body);
      } catch (error) {
        if (error instanceof ArtifactNotFoundError) throw new ServiceError('not-found', `Artifact not found: ${path}`);
        throw error;
      }
    });

    app.put<{ Params: { '*': string } }>('/artifacts/*', { config: { access: 'write' } }, async (request) => {
      const path = safePath(request.params['*']);
      const size = declaredSize(request);
      if (size !== undefined && size > maxArtifactBytes) throw new ServiceError('too-large', `Artifact is ${size} bytes; the limit is ${maxArtifactBytes} bytes`);
      try {
        await store.put(path, request.raw.pipe(byteLimit(maxArtifactBytes)), size);
      } catch (error) {
        if (error instanceof ArtifactPathConflictError) throw new ServiceError('conflict', error.message);
        throw error;
      }
      return {};
    });

    app.delete<{ Params: { '*': string } }>('/artifacts/*', { config: { access: 'write' } }, async (request) => {
      await store.delete(safePath(request.params['*']));
      return {};
    });
  };
}

function safePath(path: string): string {
  const checked = checkArtifactPath(path);
  if (checked === undefined) throw new ServiceError('invalid', `Invalid path '${path.slice(0, 300)}': expected ${ARTIFACT_PATH_RULES}`);
  return checked;
}

/**
 * `Content-Disposition` for a download: HTTP headers are Latin-1, so the name travels as RFC 6266's
 * UTF-8 `filename*`, with an ASCII `filename` for clients that know only that.
 */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function declaredSize(request: FastifyRequest): number | undefined {
  const header = request.headers['content-length'];
  return header === undefined ? undefined : Number(header);
}

/** Fails the upload stream past `limit` bytes, for bodies sent without a Content-Length. */
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) callback(new ServiceError('too-large', `Artifact is larger than the limit of ${limit} bytes`));
      else callback(null, chunk);
    },
  });
}
