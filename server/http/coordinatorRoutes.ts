import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../shared/protocol/errors.js';
import { Id } from '../../shared/protocol/primitives.js';
import type { SessionHub } from '../sessions/SessionHub.js';
import type { Store } from '../store/Store.js';
import { loadReport } from '../capabilities/report/load.js';
import { combineReports, type Combined } from '../capabilities/report/combine.js';
import { combinedMarkdown } from '../capabilities/report/combinedMarkdown.js';
import { parseBody } from './errors.js';
import { organiserAuthorised } from './routes.js';

export interface CoordinatorRouteDeps {
  store: Store;
  hub: SessionHub;
  organiserKey: string;
}

/** One template used on this deployment: its id and title, and how many sessions were created from it. */
export interface TemplateSummary {
  templateId: string;
  title: string;
  sessions: number;
}

/**
 * The coordinator's view of one deployment, behind the organiser key: the templates sessions were created from,
 * and the combined result of all sessions of one template (every report built from the store, as
 * GET /api/sessions/:id/report.json builds it, then combined as `npm run report -- combine` does).
 */
export function registerCoordinatorRoutes(app: FastifyInstance, deps: CoordinatorRouteDeps): void {
  const guard = (req: FastifyRequest) => {
    if (!organiserAuthorised(req, deps.organiserKey)) throw new DomainError('UNAUTHENTICATED', 'organiser key required (x-organiser-key header)');
  };

  /** Session id → template, from each session's state (sessions that no longer load are left out). */
  async function sessionsByTemplate(): Promise<Map<string, { title: string; sessionIds: string[] }>> {
    const out = new Map<string, { title: string; sessionIds: string[] }>();
    for (const id of [...(await deps.store.listSessions())].sort()) {
      const rt = await deps.hub.get(id).catch(() => null);
      const tpl = rt?.state.template;
      if (!rt || !tpl) continue;
      const entry = out.get(tpl.id) ?? { title: tpl.title, sessionIds: [] };
      entry.sessionIds.push(id);
      out.set(tpl.id, entry);
    }
    return out;
  }

  app.get('/api/templates', async (req) => {
    guard(req);
    const templates: TemplateSummary[] = [...(await sessionsByTemplate())].map(([templateId, t]) => ({ templateId, title: t.title, sessions: t.sessionIds.length }));
    return { ok: true, templates: templates.sort((a, b) => a.title.localeCompare(b.title) || a.templateId.localeCompare(b.templateId)) };
  });

  app.get('/api/templates/:templateId/:file', async (req, reply) => {
    guard(req);
    const params = req.params as { templateId?: string; file?: string };
    const format = /^combined(?:\.(json|md))?$/.exec(params.file ?? '');
    if (!format) throw new DomainError('NOT_FOUND', 'files: combined, combined.json, combined.md');
    return sendCombined(params.templateId ?? '', (format[1] ?? 'json') as 'json' | 'md', reply);
  });

  async function sendCombined(rawId: string, format: 'json' | 'md', reply: FastifyReply) {
    const templateId = parseBody(Id, rawId);
    const entry = (await sessionsByTemplate()).get(templateId);
    if (!entry) throw new DomainError('NOT_FOUND', 'no session on this deployment was created from this template');
    const reports = [];
    for (const id of entry.sessionIds) reports.push({ file: id, report: await loadReport(deps.store, id) });
    // Sites in the order the sessions were created.
    reports.sort((a, b) => a.report.session.createdAt - b.report.session.createdAt || a.file.localeCompare(b.file));
    const combined: Combined = combineReports(reports);
    reply.header('cache-control', 'no-store');
    if (format === 'md') return reply.header('content-type', 'text/markdown; charset=utf-8').send(combinedMarkdown(combined, entry.title));
    return reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ ok: true, title: entry.title, combined }));
  }
}
