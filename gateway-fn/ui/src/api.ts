// The admin API as the page calls it: the admin token from session storage on every call; a 401
// clears it and returns to the login form.
const KEY = 'subgate.admin-token';

export class Unauthorized extends Error {}

export interface ApiError {
  status: number;
  message: string;
  field?: string | null;
}

export function token(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setToken(value: string | null): void {
  if (value) sessionStorage.setItem(KEY, value);
  else sessionStorage.removeItem(KEY);
}

async function call(method: string, path: string, body?: unknown, accept = 'application/json'): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  const t = token();
  if (t) headers['Authorization'] = `Bearer ${t}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 401) {
    setToken(null);
    window.dispatchEvent(new Event('subgate:logout'));
    throw new Unauthorized('the admin token was refused');
  }
  if (!r.ok) {
    let message = `${r.status} ${r.statusText}`;
    let field: string | null = null;
    try {
      const e = (await r.json()) as { error?: { message?: string; field?: string } };
      message = e.error?.message ?? message;
      field = e.error?.field ?? null;
    } catch {
      // not JSON: the status says it
    }
    throw { status: r.status, message, field } satisfies ApiError;
  }
  return r;
}

export const api = {
  async get<T>(path: string): Promise<T> {
    return (await call('GET', path)).json() as Promise<T>;
  },
  async text(path: string): Promise<string> {
    return (await call('GET', path, undefined, 'text/plain')).text();
  },
  async post<T>(path: string, body: unknown = {}): Promise<T> {
    const r = await call('POST', path, body);
    return (r.status === 204 ? {} : await r.json()) as T;
  },
  async patch<T>(path: string, body: unknown): Promise<T> {
    return (await call('PATCH', path, body)).json() as Promise<T>;
  },
  async put<T>(path: string, body: unknown): Promise<T> {
    return (await call('PUT', path, body)).json() as Promise<T>;
  },
  /** A POST whose answer is a stream of server-sent events, read by the caller. */
  async events(path: string): Promise<Response> {
    return call('POST', path, undefined, 'text/event-stream');
  },
  async del(path: string): Promise<void> {
    await call('DELETE', path);
  },
};

export function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) {
    const err = e as ApiError;
    return err.field ? `${err.field}: ${err.message}` : String(err.message);
  }
  return String(e);
}
