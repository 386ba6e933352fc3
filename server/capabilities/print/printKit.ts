import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import type { SessionState } from '../../../shared/domain/state.js';
import type { Poll, LocalizedText } from '../../../shared/domain/polls/schemas.js';
import { own, ownEach } from '../../../shared/domain/keyed.js';
import { textOf, textsInEachLanguage } from '../report/text.js';

/**
 * The print kit (issue 19): join cards, the hall's agenda and the paper questionnaires as server-written,
 * script-free HTML pages with a print stylesheet (A4, page breaks) that Chromium also saves as PDF.
 * Pure functions of the session state (and the join address), like the report.
 */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const STYLE = `
@page{size:A4;margin:12mm}
*{box-sizing:border-box}
body{font:16px/1.45 system-ui,sans-serif;color:#111;margin:1rem auto;max-width:52rem;padding:0 .8rem}
h1{font-size:1.7rem;margin:.2rem 0 .6rem}h2{font-size:1.3rem;margin:1.4rem 0 .5rem;border-bottom:2px solid #2b5d8a}
.meta{color:#444}
.other-lang{font-weight:600;color:#333}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:0}
.card{border:1px dashed #777;padding:4mm;display:flex;flex-direction:column;align-items:center;text-align:center;break-inside:avoid;page-break-inside:avoid;min-height:66mm}
.card .table{font-weight:700;font-size:1.2rem;margin:0}
.card .qr svg{width:34mm;height:34mm;display:block}
.card .code{font:700 1.6rem/1.1 ui-monospace,monospace;letter-spacing:.12em;margin:.2rem 0}
.card .addr{font:.85rem/1.2 ui-monospace,monospace;word-break:break-all;margin:.1rem 0 .3rem}
.card .how{font-size:.8rem;margin:.05rem 0;line-height:1.25}
table{border-collapse:collapse;width:100%;margin:.4rem 0}th,td{border:1px solid #999;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#eef3f8}td.n{text-align:right;white-space:nowrap}
.q{break-inside:avoid;page-break-inside:avoid;margin:0 0 1.1rem}
.q h3{font-size:1.1rem;margin:.2rem 0 .3rem}
.cond{font-style:italic;margin:.1rem 0 .3rem}
.opts{list-style:none;padding:0;margin:.2rem 0}
.opts li{margin:.3rem 0;display:flex;gap:.6rem;align-items:center}
.box{display:inline-block;width:1.15rem;height:1.15rem;border:2px solid #111;flex:none}
.scale{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
.scale span{display:flex;flex-direction:column;align-items:center;gap:.15rem}
.line{border-bottom:1px solid #555;height:2rem}
td.cell{text-align:center;width:3.2rem}
.questionnaire+.questionnaire{break-before:page;page-break-before:always}
@media print{body{margin:0;max-width:none;padding:0;font-size:11pt}.cards{grid-template-columns:1fr 1fr}.card{height:64mm;min-height:0}
.sheet-break{break-after:page;page-break-after:always}}
`;

/** The pages' own policy: their one stylesheet by hash and inline SVG, nothing else (no script at all). */
export const PRINT_HTML_POLICY = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/** The few fixed words of the paper (the moderators' texts come from the session). English for other languages. */
const WORDS: Record<string, Record<string, string>> = {
  en: { how: 'Scan the code with your phone camera, or open the address and type the code.', table: 'Table', agenda: 'Agenda', part: 'Part', minutes: 'Minutes', time: 'Planned time', plenary: 'Everyone together', breakouts: 'In groups', total: 'Total', one: 'Tick one box.', many: 'Tick one or more boxes.', upTo: 'Tick up to {n} boxes.', rank: 'Write 1 next to your first choice, 2 next to the second, and so on.', scale: 'Tick one box.', open: 'Write your answer.', grid: 'Put one cross in one cell.', comment: 'Why? (optional)', onlyIf: 'Only if you answered {a} to question {n}.', goTo: 'If you answered {a}, go to question {n}.', or: 'or', yes: 'Yes', no: 'No', join: 'Join the dialogue', questions: 'Questions' },
  fr: { how: 'Scannez le code avec l’appareil photo du téléphone, ou ouvrez l’adresse et tapez le code.', table: 'Table', agenda: 'Programme', part: 'Partie', minutes: 'Minutes', time: 'Horaire prévu', plenary: 'Tous ensemble', breakouts: 'En groupes', total: 'Total', one: 'Cochez une case.', many: 'Cochez une ou plusieurs cases.', upTo: 'Cochez au plus {n} cases.', rank: 'Écrivez 1 à côté de votre premier choix, 2 à côté du deuxième, etc.', scale: 'Cochez une case.', open: 'Écrivez votre réponse.', grid: 'Mettez une croix dans une seule case.', comment: 'Pourquoi ? (facultatif)', onlyIf: 'Seulement si vous avez répondu {a} à la question {n}.', goTo: 'Si vous avez répondu {a}, allez à la question {n}.', or: 'ou', yes: 'Oui', no: 'Non', join: 'Rejoindre le dialogue', questions: 'Questions' },
  es: { how: 'Escanee el código con la cámara del teléfono, o abra la dirección y escriba el código.', table: 'Mesa', agenda: 'Programa', part: 'Parte', minutes: 'Minutos', time: 'Hora prevista', plenary: 'Todos juntos', breakouts: 'En grupos', total: 'Total', one: 'Marque una casilla.', many: 'Marque una o varias casillas.', upTo: 'Marque hasta {n} casillas.', rank: 'Escriba 1 junto a su primera opción, 2 junto a la segunda, etc.', scale: 'Marque una casilla.', open: 'Escriba su respuesta.', grid: 'Ponga una cruz en una sola casilla.', comment: '¿Por qué? (opcional)', onlyIf: 'Solo si respondió {a} a la pregunta {n}.', goTo: 'Si respondió {a}, vaya a la pregunta {n}.', or: 'o', yes: 'Sí', no: 'No', join: 'Únase al diálogo', questions: 'Preguntas' },
  ar: { how: 'امسح الرمز بكاميرا هاتفك، أو افتح العنوان واكتب الرمز.', table: 'طاولة', agenda: 'جدول الأعمال', part: 'الجزء', minutes: 'دقائق', time: 'الوقت المخطط', plenary: 'الجميع معًا', breakouts: 'في مجموعات', total: 'المجموع', one: 'ضع علامة في مربع واحد.', many: 'ضع علامة في مربع أو أكثر.', upTo: 'ضع علامة في {n} مربعات على الأكثر.', rank: 'اكتب 1 بجانب اختيارك الأول، و2 بجانب الثاني، وهكذا.', scale: 'ضع علامة في مربع واحد.', open: 'اكتب إجابتك.', grid: 'ضع علامة واحدة في خانة واحدة.', comment: 'لماذا؟ (اختياري)', onlyIf: 'فقط إذا أجبت {a} على السؤال {n}.', goTo: 'إذا أجبت {a}، انتقل إلى السؤال {n}.', or: 'أو', yes: 'نعم', no: 'لا', join: 'انضم إلى الحوار', questions: 'الأسئلة' },
};
const RTL = new Set(['ar', 'he', 'fa', 'ur']);
const words = (lang: string) => WORDS[lang] ?? WORDS.en;
const fill = (s: string, v: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? ''));

function page(title: string, lang: string, body: string): string {
  return `<!doctype html><html lang="${esc(lang)}"${RTL.has(lang) ? ' dir="rtl"' : ''}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>\n`;
}

/** The tables people said they sit at (non-removed people), in natural order; empty: the session uses no tables. */
export function tablesOf(state: SessionState): string[] {
  const seen = new Set<string>();
  for (const p of ownEach(state.people, state.roster)) if (!p.removed && p.table && p.table.trim()) seen.add(p.table.trim());
  return [...seen].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

export const CARDS_PER_SHEET = 8;

/** Join cards: one per table when tables are used (at least one sheet's worth otherwise: 8 identical cards). */
export async function cardsHtml(state: SessionState, joinUrl: string): Promise<string> {
  const qr = await QRCode.toString(joinUrl, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  const lines = state.languages.map((l) => `<p class="how" lang="${esc(l)}"${RTL.has(l) ? ' dir="rtl"' : ''}>${esc(words(l).how)}</p>`).join('');
  const tables = tablesOf(state);
  const labels: Array<string | null> = tables.length ? tables : Array.from({ length: CARDS_PER_SHEET }, () => null);
  const lang0 = state.languages[0] ?? 'en';
  const cards = labels.map(
    (table) =>
      `<div class="card" data-card>${table !== null ? `<p class="table">${esc(words(lang0).table)} ${esc(table)}</p>` : ''}<div class="qr" data-qr>${qr}</div><p class="code">${esc(state.joinCode)}</p><p class="addr">${esc(joinUrl)}</p>${lines}</div>`,
  );
  const sheets: string[] = [];
  for (let i = 0; i < cards.length; i += CARDS_PER_SHEET) {
    const last = i + CARDS_PER_SHEET >= cards.length;
    sheets.push(`<div class="cards${last ? '' : ' sheet-break'}">${cards.slice(i, i + CARDS_PER_SHEET).join('')}</div>`);
  }
  return page(`${state.title} · ${words(lang0).join}`, lang0, sheets.join(''));
}

/** A part's title in each session language: the chosen one in bold, the others under it, each marked with its language. */
function titles(t: LocalizedText, lang: string, languages: string[]): string {
  const all = textsInEachLanguage(t, lang, languages);
  if (!all.length) return '';
  const [first, ...rest] = all;
  const tag = (x: { lang: string | null }) => (x.lang ? ` lang="${esc(x.lang)}"` : '');
  return `<strong${tag(first)}>${esc(first.text)}</strong>` + rest.map((x) => `<br><span class="other-lang"${tag(x)}>${esc(x.text)}</span>`).join('');
}

/** "HH:MM" plus minutes, on a 24-hour clock. */
function addMinutes(start: string, minutes: number): string {
  const [h, m] = start.split(':').map(Number);
  const t = (((h * 60 + m + minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
}
const offset = (minutes: number) => `+${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * The agenda for the hall. Planned times from `start` ("HH:MM", the organisers' start of the day) when given,
 * else as offsets from the start (+h:mm): the session stores no start time of its own.
 */
export function agendaHtml(state: SessionState, lang: string, start: string | null): string {
  const w = words(lang);
  let at = 0;
  const rows = state.agenda.map((p, i) => {
    const from = start ? addMinutes(start, at) : offset(at);
    const to = start ? addMinutes(start, at + p.minutes) : offset(at + p.minutes);
    at += p.minutes;
    const prompt = p.prompt !== undefined ? textOf(p.prompt, [lang, ...state.languages]) : '';
    return `<tr><td class="n">${i + 1}</td><td class="n">${esc(from)}–${esc(to)}</td><td>${titles(p.title, lang, state.languages)}${prompt ? `<br><span class="meta">${esc(prompt)}</span>` : ''}</td><td class="n">${p.minutes}</td><td>${esc(p.room === 'plenary' ? w.plenary : w.breakouts)}</td></tr>`;
  });
  const body = `<h1>${esc(state.title)} · ${esc(w.agenda)}</h1><table><thead><tr><th>#</th><th>${esc(w.time)}</th><th>${esc(w.part)}</th><th>${esc(w.minutes)}</th><th></th></tr></thead><tbody>${rows.join('')}<tr><td></td><td></td><td><strong>${esc(w.total)}</strong></td><td class="n"><strong>${at}</strong></td><td></td></tr></tbody></table>`;
  return page(`${state.title} · ${w.agenda}`, lang, body);
}

/** The options a paper question numbers (1, 2, 3…): a yes/no poll without its own labels gets Yes, No. */
export function paperOptions(poll: Poll, lang: string, languages: string[]): string[] {
  const L = [lang, ...languages];
  if (poll.kind === 'yesno' && poll.options.length !== 2) return [words(lang).yes, words(lang).no];
  return poll.options.map((o: LocalizedText) => textOf(o, L));
}

/** One questionnaire's polls in order, or every poll in the session's order when it has no questionnaire. */
export function paperQuestionnaires(state: SessionState, lang: string): Array<{ title: string; polls: Poll[] }> {
  const qs = ownEach(state.questionnaires, state.questionnaireOrder).map((q) => ({ title: q.title, polls: q.pollIds.map((id) => own(state.polls, id)).filter((p): p is Poll => p !== undefined) }));
  if (qs.length) return qs;
  return [{ title: words(lang).questions, polls: ownEach(state.polls, state.pollOrder) }];
}

function questionHtml(poll: Poll, no: number, numberOf: Map<string, number>, byId: Map<string, Poll>, followers: Poll[], lang: string, languages: string[]): string {
  const w = words(lang);
  const L = [lang, ...languages];
  const answers = (p: Poll, idx: number[]) => {
    const opts = paperOptions(p, lang, languages);
    return idx.map((i) => `${i + 1} (${opts[i] ?? ''})`).join(` ${w.or} `);
  };
  const parts = [`<div class="q" data-question="${no}"><h3>${no}. ${esc(textOf(poll.question, L))}</h3>`];
  if (poll.showIf) {
    const src = byId.get(poll.showIf.pollId);
    const n = numberOf.get(poll.showIf.pollId);
    if (src && n !== undefined) parts.push(`<p class="cond">${esc(fill(w.onlyIf, { a: answers(src, poll.showIf.options), n }))}</p>`);
  }
  const opts = paperOptions(poll, lang, languages);
  const list = (hint: string, mark: (i: number) => string) =>
    `<p class="meta">${esc(hint)}</p><ol class="opts">${opts.map((o, i) => `<li data-option>${mark(i)}<span>${i + 1}. ${esc(o)}</span></li>`).join('')}</ol>`;
  const box = '<span class="box"></span>';
  switch (poll.kind) {
    case 'single':
    case 'yesno':
      parts.push(list(w.one, () => box));
      break;
    case 'multiple':
      parts.push(list(poll.maxChoices ? fill(w.upTo, { n: poll.maxChoices }) : w.many, () => box));
      break;
    case 'ranking':
      parts.push(list(w.rank, () => box));
      break;
    case 'scale': {
      const cells: string[] = [];
      for (let v = poll.min; v <= poll.max; v++) cells.push(`<span>${box}${v}</span>`);
      const lo = textOf(poll.minLabel, L);
      const hi = textOf(poll.maxLabel, L);
      parts.push(`<p class="meta">${esc(w.scale)}</p><div class="scale">${lo ? `<em>${esc(lo)}</em>` : ''}${cells.join('')}${hi ? `<em>${esc(hi)}</em>` : ''}</div>`);
      break;
    }
    case 'open':
      parts.push(`<p class="meta">${esc(w.open)}</p><div class="line"></div><div class="line"></div><div class="line"></div>`);
      break;
    case 'grid': {
      const cols = (poll.columns ?? []).map((c) => textOf(c, L));
      parts.push(
        `<p class="meta">${esc(w.grid)}</p><table><thead><tr><th></th>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${opts
          .map((r, i) => `<tr><th>${i + 1}. ${esc(r)}</th>${cols.map(() => `<td class="cell">${box}</td>`).join('')}</tr>`)
          .join('')}</tbody></table><p class="meta">${esc(w.comment)}</p><div class="line"></div>`,
      );
      break;
    }
  }
  for (const f of followers) {
    const n = numberOf.get(f.id);
    if (n !== undefined && f.showIf) parts.push(`<p class="cond">${esc(fill(w.goTo, { a: answers(poll, f.showIf.options), n }))}</p>`);
  }
  parts.push('</div>');
  return parts.join('');
}

/** The paper version of each questionnaire: the same questions, in order, with the same option numbers. */
export function questionnaireHtml(state: SessionState, lang: string): string {
  const out: string[] = [];
  for (const q of paperQuestionnaires(state, lang)) {
    const numberOf = new Map(q.polls.map((p, i) => [p.id, i + 1]));
    const byId = new Map(q.polls.map((p) => [p.id, p]));
    out.push(
      `<section class="questionnaire"><h1>${esc(q.title)}</h1><p class="meta">${esc(state.title)}</p>${q.polls
        .map((p, i) => questionHtml(p, i + 1, numberOf, byId, q.polls.filter((f) => f.showIf?.pollId === p.id), lang, state.languages))
        .join('')}</section>`,
    );
  }
  return page(`${state.title} · ${words(lang).questions}`, lang, out.join(''));
}
