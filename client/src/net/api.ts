import type { WireError } from '../../../shared/protocol/errors.js';
import type { AcceptInviteBody, JoinBody, TokenResponse } from '../../../shared/protocol/http.js';

export type ApiResult<T> = ({ ok: true } & T) | { ok: false; error: WireError };

/** How long a join waits for its answer before the phone gives up (the person may tap Join again: same joinId). */
export const JOIN_TIMEOUT_MS = 20_000;

async function call<T>(method: string, url: string, body?: unknown, timeoutMs?: number): Promise<ApiResult<T>> {
  try {
    const res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
    });
    return (await res.json()) as ApiResult<T>;
  } catch {
    return { ok: false, error: { code: 'UNAVAILABLE', message: 'network error' } };
  }
}

export const api = {
  lookup: (code: string) => call<{ sessionId: string; title: string; languages: string[] }>('GET', `/api/join/${encodeURIComponent(code)}`),
  join: (body: JoinBody) => call<TokenResponse>('POST', '/api/join', body, JOIN_TIMEOUT_MS),
  acceptInvite: (body: AcceptInviteBody) => call<TokenResponse>('POST', '/api/invite', body, JOIN_TIMEOUT_MS),
};
