import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../shared/protocol/errors.js';
import { Id } from '../../shared/protocol/primitives.js';
import { parseBody } from './errors.js';
import { authorise, type ReportRouteDeps } from './reportRoutes.js';
import { agendaHtml, cardsHtml, PRINT_HTML_POLICY, questionnaireHtml } from '../capabilities/print/printKit.js';

export interface PrintRouteDeps extends ReportRouteDeps {
  /** The base of every link (PUBLIC_URL, else the LAN address, else localhost): the cards' QR codes point there. */
  publicUrl: () => string;
}

const PAGES = ['cards.html', 'agenda.html', 'questionnaire.html'] as const;

/**
 * The print kit (issue 19): `GET /api/sessions/:id/print/{cards,agenda,questionnaire}.html`, for the session's
 * moderators or the organisers, authorised exactly like the report's full download (observers never: the
 * join cards carry the join code). Optional `?lang=xx` (a session language; default the first) for the agenda
 * and questionnaire, `?start=HH:MM` for the agenda's planned clock times.
 */
export function registerPrintRoutes(app: FastifyInstance, deps: PrintRouteDeps): void {
  app.get('/api/sessions/:id/print/:file', async (req, reply) => {
    const params = req.params as { id?: string; file?: string };
    const sessionId = parseBody(Id, params.id);
    const file = PAGES.find((p) => p === params.file);
    if (!file) throw new DomainError('NOT_FOUND', `pages: ${PAGES.join(', ')}`);
    await authorise(req, sessionId, deps);
    const rt = await deps.hub.require(sessionId);
    await deps.hub.catchUp(sessionId);
    const state = rt.state;
    const query = req.query as { lang?: unknown; start?: unknown };
    const lang = typeof query.lang === 'string' && state.languages.includes(query.lang) ? query.lang : (state.languages[0] ?? 'en');
    const start = typeof query.start === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(query.start) ? query.start : null;
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('content-security-policy', PRINT_HTML_POLICY);
    if (file === 'cards.html') return reply.send(await cardsHtml(state, `${deps.publicUrl()}/join/${state.joinCode}`));
    if (file === 'agenda.html') return reply.send(agendaHtml(state, lang, start));
    return reply.send(questionnaireHtml(state, lang));
  });
}
