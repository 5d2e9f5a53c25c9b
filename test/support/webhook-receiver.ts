import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the receiver does with one request: answer with a status, drop the connection, or never answer. */
export type ReceiverStep = number | 'reset' | 'hang';

export interface ReceivedRequest {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/**
 * A real HTTP server on 127.0.0.1 that plays `steps` in order, one per request (then answers 204), and keeps
 * every request. More steps can be queued later with `steps.push`.
 */
export async function startWebhookReceiver(initialSteps: readonly ReceiverStep[]) {
  const steps = [...initialSteps];
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      const step = steps.shift() ?? 204;
      requests.push({ method: request.method ?? '', headers: request.headers, body: JSON.parse(text) });
      if (step === 'reset') request.socket.destroy();
      else if (step !== 'hang') response.writeHead(step, { 'content-type': 'application/json' }).end(step >= 400 ? '{"message":"refused by test"}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    steps,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
