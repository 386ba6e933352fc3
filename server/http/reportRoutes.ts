import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../shared/protocol/errors.js';
import { Id } from '../../shared/protocol/primitives.js';
import type { TokenSigner } from '../auth/tokens.js';
import type { SessionHub } from '../sessions/SessionHub.js';
import { readHistory, type Store } from '../store/Store.js';
import { tokenRefusal } from '../realtime/tokenPolicy.js';
import { own } from '../../shared/domain/keyed.js';
import { loadReport } from '../capabilities/report/load.js';
import { reportMarkdown } from '../capabilities/report/markdown.js';
import { reportCsv } from '../capabilities/report/csv.js';
import { REPORT_HTML_POLICY, reportHtml } from '../capabilities/report/html.js';
import { buildTemplate } from '../capabilities/report/template.js';
import { publicReport } from '../capabilities/report/publicPart.js';
import { parseBody } from './errors.js';
import { organiserAuthorised } from './routes.js';

export interface ReportRouteDeps {
  store: Store;
  hub: SessionHub;
  signer: TokenSigner;
  organiserKey: string;
}

const FORMATS = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
} as const;
type Format = keyof typeof FORMATS;

/**
 * The session's moderators (a moderator token as `Authorization: Bearer …`, checked like a connection's:
 * signature, session, expiry, re-issued links, and the person still a moderator in the log) or the organisers
 * (`x-organiser-key`). Participants, facilitators and observers get FORBIDDEN: the report names the team and
 * holds every result, including those the moderators kept hidden.
 */
export async function authorise(req: FastifyRequest, sessionId: string, deps: ReportRouteDeps, observersToo = false): Promise<'full' | 'public'> {
  if (req.headers['x-organiser-key'] !== undefined) {
    if (organiserAuthorised(req, deps.organiserKey)) return 'full';
    throw new DomainError('UNAUTHENTICATED', 'wrong organiser key');
  }
  const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!bearer) throw new DomainError('UNAUTHENTICATED', 'a moderator token (Authorization: Bearer) or the organiser key (x-organiser-key) is required');
  const claims = deps.signer.verifyPerson(bearer);
  if (!claims) throw new DomainError('UNAUTHENTICATED');
  if (claims.sid !== sessionId) throw new DomainError('FORBIDDEN', 'this token belongs to another session');
  const rt = await deps.hub.require(sessionId);
  // A role change or a re-issue of links made through another instance must count here at once.
  await deps.hub.catchUp(sessionId);
  const refusal = tokenRefusal({ tokenRole: claims.role, tokenGen: claims.gen, tokenExp: claims.exp }, rt.state, Date.now());
  if (refusal) throw refusal;
  const person = own(rt.state.people, claims.pid);
  if (!person || person.removed) throw new DomainError('REMOVED');
  // Observers get the public part, and only while the moderators allow it (report:setObserverAccess).
  if (observersToo && person.role === 'observer' && rt.state.reportForObservers === true) return 'public';
  if (person.role !== 'moderator') throw new DomainError('FORBIDDEN', 'only moderators download the report');
  return 'full';
}

export function registerReportRoutes(app: FastifyInstance, deps: ReportRouteDeps): void {
  app.get('/api/sessions/:id/:file', async (req, reply) => {
    const params = req.params as { id?: string; file?: string };
    const sessionId = parseBody(Id, params.id);
    if (params.file === 'template.json') {
      await authorise(req, sessionId, deps);
      const events = await readHistory(deps.store, sessionId);
      if (events[0]?.type !== 'session:created') throw new DomainError('SESSION_NOT_FOUND');
      reply.header('content-type', FORMATS.json).header('cache-control', 'no-store').header('content-disposition', `attachment; filename="template-${sessionId}.json"`);
      return reply.send(JSON.stringify(buildTemplate(sessionId, events), null, 2) + '\n');
    }
    const format = /^report\.(json|md|csv|html)$/.exec(params.file ?? '')?.[1] as Format | undefined;
    if (!format) throw new DomainError('NOT_FOUND', 'files: report.json, report.md, report.csv, report.html, template.json');
    const part = await authorise(req, sessionId, deps, true);
    const full = await loadReport(deps.store, sessionId);
    const report = part === 'public' ? publicReport(full) : full;
    const base = `report-${sessionId}`;
    reply.header('content-type', FORMATS[format]).header('cache-control', 'no-store');
    if (format !== 'html') reply.header('content-disposition', `attachment; filename="${base}.${format}"`);
    if (format === 'json') return reply.send(JSON.stringify(report, null, 2) + '\n');
    if (format === 'md') return reply.send(reportMarkdown(report));
    if (format === 'csv') return reply.send(reportCsv(report));
    // Its own policy: the page's one inline stylesheet, allowed by hash, and nothing else.
    reply.header('content-security-policy', REPORT_HTML_POLICY);
    return reply.send(reportHtml(report));
  });
}
