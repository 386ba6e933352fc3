import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { JoinBody, JoinCode, JoinFormBody, JoinId } from '../../shared/protocol/http.js';
import { DomainError } from '../../shared/protocol/errors.js';
import type { SessionService } from '../sessions/sessionService.js';
import type { JoinGuard } from './joinGuard.js';
import { parseBody } from './errors.js';
import { contentSecurityPolicy, policyHeader } from './securityHeaders.js';
import { joinPageCss } from './joinPageCss.js';
import { isMessageKey, pickPageLanguage, renderJoinedPage, renderJoinPage, type JoinFormValues, type PageAssets, type RenderedPage } from './joinPageHtml.js';

export interface JoinPageDeps {
  sessions: SessionService;
  joinGuard: JoinGuard;
  publicUrl: string | null;
  /** The built client (dist/client) and its index.html, or null when the client is not built. */
  client: { dist: string; indexHtml: string } | null;
}

/** The built client's script tags, its stylesheet and the join page's part of it, read once from dist/client/index.html. */
export async function pageAssets(client: JoinPageDeps['client']): Promise<PageAssets | null> {
  if (!client) return null;
  const head = client.indexHtml;
  const scriptTags = [...head.matchAll(/<script type="module"[^>]*><\/script>|<link rel="modulepreload"[^>]*>/g)].map((m) => m[0]).join('');
  const cssFiles = [...head.matchAll(/<link rel="stylesheet"[^>]*href="\/([^"]+)"[^>]*>/g)].map((m) => m[1]);
  const css = cssFiles.map((f) => readFileSync(path.join(client.dist, ...f.split('/')), 'utf8').trim()).join('\n');
  if (!cssFiles.length) return { scriptTags, css };
  return { scriptTags, css: await joinPageCss(css), appCssHrefs: cssFiles.map((f) => `/${f}`) };
}

const EMPTY: JoinFormValues = { code: '', name: '', modality: null, table: '', nameInReport: false };

/**
 * `GET /join`, `GET /join/CODE`: the join page written by the server, in the person's language, usable before
 * (and without) the script. `POST /join[/CODE]`: the same form posted as a plain form; it joins exactly as
 * `POST /api/join` does (wrong-code penalty, join pacing, idempotent by the form's hidden joinId).
 */
export async function registerJoinPage(app: FastifyInstance, deps: JoinPageDeps): Promise<void> {
  const assets = await pageAssets(deps.client);
  const basePolicy = contentSecurityPolicy(deps.publicUrl);

  await app.register(async (scope) => {
    // Form posts only in this scope: the API keeps answering "body must be application/json" to anything else.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    const getPage = async (req: FastifyRequest, reply: FastifyReply) => {
      const rawCode = (req.params as { code?: string }).code ?? '';
      const query = req.query as { lang?: unknown };
      const queryLang = typeof query.lang === 'string' ? query.lang : undefined;
      const values = { ...EMPTY, code: rawCode.toUpperCase().slice(0, 12) };
      if (!rawCode) return send(reply, 200, formPage(req, values, null, null, queryLang));
      const code = JoinCode.safeParse(rawCode);
      if (!code.success) return send(reply, 404, formPage(req, values, null, 'join.error.INVALID_JOIN_CODE', queryLang));
      try {
        const found = await deps.joinGuard.byCode(req.ip, () => deps.sessions.lookup(code.data));
        return send(reply, 200, formPage(req, { ...values, code: code.data }, found, null, queryLang));
      } catch (err) {
        const { status, key } = failure(err);
        return send(reply, status, formPage(req, values, null, key, queryLang));
      }
    };
    scope.get('/join', getPage);
    scope.get('/join/:code', getPage);

    const postForm = async (req: FastifyRequest, reply: FastifyReply) => {
      const form = parseBody(JoinFormBody, req.body ?? {});
      const values: JoinFormValues = {
        code: (form.code || (req.params as { code?: string }).code || '').trim().toUpperCase().slice(0, 12),
        name: form.name.slice(0, 60),
        modality: form.modality === 'onsite' || form.modality === 'online' ? form.modality : null,
        table: (form.table ?? '').slice(0, 20),
        nameInReport: form.nameInReport === 'on',
      };
      // The hidden joinId the page was written with: a second post of the same form is the same person.
      const joinId = JoinId.safeParse(form.joinId).success ? form.joinId! : newJoinId();
      let found: Lookup | null = null;
      try {
        if (!values.modality) {
          const code = JoinCode.safeParse(values.code);
          if (code.success) found = await deps.joinGuard.byCode(req.ip, () => deps.sessions.lookup(code.data)).catch(() => null);
          return send(reply, 400, formPage(req, values, found, 'join.chooseWhere', undefined, joinId));
        }
        const body = parseBody(JoinBody, {
          code: values.code,
          name: values.name,
          modality: values.modality,
          joinId,
          ...(values.nameInReport ? { nameInReport: true } : {}),
          ...(values.modality === 'onsite' && values.table.trim() ? { table: values.table.trim() } : {}),
        });
        found = await deps.joinGuard.byCode(req.ip, () => deps.sessions.lookup(body.code));
        await deps.joinGuard.paceJoin(req.ip);
        const joined = await deps.sessions.join(body);
        const lang = pickPageLanguage(req.headers['accept-language'], found.languages);
        return send(reply, 200, renderJoinedPage({ lang, title: found.title, name: body.name, code: body.code, token: joined.token }, assets), { noStore: true });
      } catch (err) {
        const { status, key } = failure(err);
        if (status === 500) req.log.error({ err }, 'join form post failed');
        return send(reply, status, formPage(req, values, found, key, undefined, joinId));
      }
    };
    scope.post('/join', postForm);
    scope.post('/join/:code', postForm);
  });

  type Lookup = Awaited<ReturnType<SessionService['lookup']>>;

  function formPage(req: FastifyRequest, values: JoinFormValues, found: Lookup | null, error: string | null, queryLang?: string, joinId = newJoinId()): RenderedPage {
    const lang = pickPageLanguage(req.headers['accept-language'], found?.languages ?? null, queryLang);
    return renderJoinPage(
      {
        lang,
        title: found?.title ?? null,
        values,
        error: error && isMessageKey(error) ? error : error ? 'join.error.other' : null,
        privacyNotice: found?.privacyNotice ?? null,
        sessionLanguages: found?.languages ?? [],
        hotline: found?.hotline ?? null,
        joinId,
      },
      assets,
    );
  }

  function send(reply: FastifyReply, status: number, page: RenderedPage, opts: { noStore?: boolean } = {}) {
    // The page's own policy: the app's, plus the hash of its inline style (and script), nothing else inline.
    const policy = { ...basePolicy, 'style-src': [...basePolicy['style-src'], page.styleHash], 'script-src': [...basePolicy['script-src'], ...(page.scriptHash ? [page.scriptHash] : [])] };
    reply.header('content-security-policy', policyHeader(policy));
    // A join page carries a fresh joinId (and after a post, a token): never cached, never shared.
    reply.header('cache-control', opts.noStore ? 'no-store' : 'no-cache, private');
    reply.header('vary', 'accept-language, accept-encoding');
    reply.type('text/html; charset=utf-8').status(status);
    const accept = String(reply.request.headers['accept-encoding'] ?? '');
    // Compressed so the whole page (with its inlined stylesheet) fits the first round trip of a slow link.
    if (/\bbr\b/.test(accept)) return reply.header('content-encoding', 'br').send(brotliCompressSync(page.html, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }));
    if (/\bgzip\b/.test(accept)) return reply.header('content-encoding', 'gzip').send(gzipSync(page.html));
    return reply.send(page.html);
  }
}

function failure(err: unknown): { status: number; key: string } {
  const code = err instanceof DomainError ? err.code : 'INTERNAL';
  const status = { BAD_REQUEST: 400, INVALID_JOIN_CODE: 404, JOINING_CLOSED: 403, RATE_LIMITED: 429, UNAVAILABLE: 503, OUTCOME_UNKNOWN: 503 }[code as string] ?? 500;
  return { status, key: `join.error.${code}` };
}

/** 128 random bits, base64url: as a phone's own join attempt id (client/src/net/joinAttempt.ts). */
function newJoinId(): string {
  return randomBytes(16).toString('base64url');
}
