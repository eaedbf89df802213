// Typed fetch wrapper with timeouts, retries on 5xx/network errors, and JSON decoding.
export class HttpError extends Error {
  constructor(public readonly status: number, public readonly body: string) {
    super(`HTTP ${status}`);
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  timeoutMs?: number;
  retries?: number;
  signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ApiClient {
  constructor(private readonly baseUrl: string, private readonly token?: string) {}

  async request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    const { method = 'GET', body, timeoutMs = 10_000, retries = 2 } = opts;
    const url = new URL(path, this.baseUrl);
    if (url.origin !== new URL(this.baseUrl).origin) {
      throw new Error(`refusing cross-origin request to ${url.origin}`);
    }
    let lastError: unknown;
    for (let attempt = 0; attempt <= retries; attempt++) {
      const signals = [AbortSignal.timeout(timeoutMs)];
      if (opts.signal) signals.push(opts.signal);
      try {
        const resp = await fetch(url, {
          method,
          headers: {
            'Content-Type': 'application/json',
            ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.any(signals),
        });
        if (resp.status >= 500 && attempt < retries) {
          lastError = new HttpError(resp.status, await resp.text());
        } else if (!resp.ok) {
          throw new HttpError(resp.status, await resp.text());
        } else {
          return (resp.status === 204 ? undefined : await resp.json()) as T;
        }
      } catch (err) {
        if (err instanceof HttpError || opts.signal?.aborted || attempt === retries) throw err;
        lastError = err;
      }
      await sleep(250 * 2 ** attempt);
    }
    throw lastError;
  }

  get<T>(path: string, opts?: Omit<RequestOptions, 'method' | 'body'>) {
    return this.request<T>(path, { ...opts, method: 'GET' });
  }

  post<T>(path: string, body: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>) {
    return this.request<T>(path, { ...opts, method: 'POST', body });
  }
}
