/** An MLflow error answer: `error_code` is MLflow's (`RESOURCE_DOES_NOT_EXIST`, ...). */
export class MlflowApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(`${errorCode} (HTTP ${status}): ${message}`);
    this.name = 'MlflowApiError';
  }
}

export interface TransportOptions {
  /** The server, e.g. `http://127.0.0.1:5000` (what MLFLOW_TRACKING_URI holds). */
  readonly uri: string;
  /**
   * Sent as `Authorization: Bearer <token>` (what MLFLOW_TRACKING_TOKEN holds).
   * @default - no Authorization header
   */
  readonly token?: string;
}

/** Query parameters: a list becomes repeated keys (`order_by=a&order_by=b`). */
type Query = object;

/** HTTP the way MLflow's clients do it: GET parameters in the query string, a JSON body otherwise. */
export class HttpTransport {
  private readonly base: string;

  constructor(private readonly options: TransportOptions) {
    this.base = options.uri.replace(/\/+$/, '');
  }

  async get<T>(path: string, query: Query = {}): Promise<T> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query) as [string, unknown][]) {
      for (const item of value === undefined ? [] : Array.isArray(value) ? value : [value]) search.append(name, String(item));
    }
    const suffix = search.size > 0 ? `?${search}` : '';
    return this.json<T>(await this.fetch(`${path}${suffix}`, { method: 'GET' }));
  }

  async send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body: object): Promise<T> {
    return this.json<T>(await this.fetch(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  }

  async put(path: string, body: Uint8Array | string): Promise<void> {
    await this.json(await this.fetch(path, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: body as BodyInit }));
  }

  async download(path: string): Promise<Buffer> {
    const response = await this.fetch(path, { method: 'GET' });
    if (!response.ok) await this.json(response);
    return Buffer.from(await response.arrayBuffer());
  }

  private fetch(path: string, init: RequestInit): Promise<Response> {
    const headers = { ...(init.headers as Record<string, string>), ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}) };
    return fetch(`${this.base}${path}`, { ...init, headers });
  }

  private async json<T>(response: Response): Promise<T> {
    const text = await response.text();
    let body: { error_code?: string; message?: string; error?: { code: string; message: string } } | undefined;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (response.ok && body !== undefined) return body as T;
    const code = body?.error_code ?? body?.error?.code ?? 'UNKNOWN';
    throw new MlflowApiError(response.status, code, body?.message ?? body?.error?.message ?? text.slice(0, 200));
  }
}
