import type { WireError } from '../../../../shared/protocol/errors.js';

export type OrgResult<T> = ({ ok: true } & T) | { ok: false; error: WireError };

/** A call to an organiser route with the key in `x-organiser-key`. */
export async function orgCall<T>(key: string, method: string, url: string, body?: unknown): Promise<OrgResult<T>> {
  try {
    const headers: Record<string, string> = { 'x-organiser-key': key };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok && json.ok !== false) return { ok: false, error: { code: 'UNAVAILABLE', message: `HTTP ${res.status}` } as WireError };
    return (json.ok === undefined ? { ok: true, ...json } : json) as OrgResult<T>;
  } catch {
    return { ok: false, error: { code: 'UNAVAILABLE', message: 'network error' } as WireError };
  }
}

export interface SessionSummary {
  sessionId: string;
  title: string;
  createdAt: number;
  joinCode: string;
  participants: number;
  languages: string[];
}

export interface Links {
  sessionId: string;
  joinCode: string;
  joinUrl: string;
  onsiteModeratorUrl: string;
  onlineModeratorUrl: string;
  observerUrl: string;
  projectorUrl: string;
}
