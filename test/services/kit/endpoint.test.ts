import { z } from 'zod';
import { registerApiFamily } from '../../../services/kit/server/api-family';
import { createService, type Service } from '../../../services/kit/server/create-service';
import { endpointFor, endpointsPlugin } from '../../../services/kit/server/endpoint';
import { plinthErrorMapper } from '../../../services/kit/server/plinth-error-mapper';
import { TokenTable } from '../../../services/kit/server/tokens';

interface Shelf {
  readonly books: Map<string, { title: string; pages: number; secretNote: string }>;
}

const READ = 'reader-token-51c0';
const WRITE = 'writer-token-9ad4';

const shelfEndpoint = endpointFor<Shelf>();

const Book = z.object({ title: z.string(), pages: z.number().int() });

/** A small service declared the kit's one way: params, query, body and response schemas. */
const SHELF_ENDPOINTS = [
  shelfEndpoint({
    method: 'GET',
    url: '/books/:id',
    params: z.object({ id: z.string().regex(/^[a-z]+$/) }),
    query: z.object({ format: z.enum(['short', 'long']).default('short') }).strict(),
    response: z.object({ id: z.string(), title: z.string(), pages: z.number().optional() }),
    handle: async ({ params, query }, { context }) => {
      const book = context.books.get(params.id);
      // The whole stored record, secret included: the response schema must keep the secret out.
      return book === undefined ? { id: params.id, title: '(none)' } : { id: params.id, ...book, ...(query.format === 'short' ? { pages: undefined } : {}) };
    },
  }),
  shelfEndpoint({
    method: 'PUT',
    url: '/books/:id',
    params: z.object({ id: z.string().regex(/^[a-z]+$/) }),
    body: Book.strict(),
    handle: async ({ params, body }, { context, reply }) => {
      context.books.set(params.id, { ...body, secretNote: 'kept on the server' });
      return reply.code(201).send({ id: params.id });
    },
  }),
];

describe('the kit endpoint: one way every service declares a route', () => {
  let service: Service;
  let url: string;
  const shelf: Shelf = { books: new Map() };

  beforeAll(async () => {
    service = createService({ tokens: new TokenTable([{ name: 'reader', token: READ, role: 'read' }, { name: 'writer', token: WRITE, role: 'write' }]), logStream: { write: () => undefined } });
    registerApiFamily(service.app, { prefix: '/api/shelf', errorMapper: plinthErrorMapper, plugins: [endpointsPlugin(SHELF_ENDPOINTS, shelf)] });
    url = await service.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => service.close());

  const call = (method: string, path: string, token: string, body?: unknown) =>
    fetch(`${url}/api/shelf${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('validates the body and sets the status the handler chose', async () => {
    const created = await call('PUT', '/books/dune', WRITE, { title: 'Dune', pages: 412 });
    expect({ status: created.status, body: await created.json() }).toEqual({ status: 201, body: { id: 'dune' } });
  });

  it('answers with the response schema only: a field it does not name never leaves the server', async () => {
    const answer = await call('GET', '/books/dune?format=long', READ);
    expect(await answer.json()).toEqual({ id: 'dune', title: 'Dune', pages: 412 });
    const short = await call('GET', '/books/dune', READ);
    expect(await short.json()).toEqual({ id: 'dune', title: 'Dune' });
  });

  it.each([
    ['a path parameter', 'GET', '/books/DUNE', READ, undefined, /params\/id must match pattern/],
    ['a query parameter', 'GET', '/books/dune?format=huge', READ, undefined, /querystring\/format must be equal to one of the allowed values/],
    ['a body field of the wrong type', 'PUT', '/books/dune', WRITE, { title: 'Dune', pages: 'many' }, /body\/pages must be integer/],
    ['a missing body field', 'PUT', '/books/dune', WRITE, { title: 'Dune' }, /body must have required property 'pages'/],
  ])('refuses %s with a 400 in the family error shape', async (_what, method, path, token, body, message) => {
    const answer = await call(method, path, token, body);
    const payload = (await answer.json()) as { error: { code: string; message: string } };
    expect(answer.status).toBe(400);
    expect(payload.error.code).toBe('invalid');
    expect(payload.error.message).toMatch(message);
  });

  it('takes its access from the method: a read token cannot write', async () => {
    const answer = await call('PUT', '/books/dune', READ, { title: 'Dune', pages: 1 });
    expect(answer.status).toBe(403);
    expect(shelf.books.get('dune')?.pages).toBe(412);
  });
});
