import { createHash } from 'node:crypto';
import type { Report, ReportPoll } from '../../../shared/report/schema.js';
import { bucketLabels, clock, roomNameOf, SECTION_TITLES, textOf } from './text.js';
import { PROFILE_NOTE, profileTables } from './profileTables.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * One stylesheet inside the page, allowed by its hash in the page's own CSP (htmlPolicy): the file stays
 * printable when saved and opened offline, and the app's policy (no inline styles) is not loosened.
 */
const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;color:#1b1b1b;margin:2rem auto;max-width:50rem;padding:0 1rem}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{border-bottom:2px solid #2b5d8a;padding-bottom:.2rem;margin-top:2rem}
h3{margin-bottom:.3rem}.meta{color:#555}
table{border-collapse:collapse;margin:.5rem 0;width:100%}th,td{border:1px solid #bbb;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#eef3f8}td.n{text-align:right}blockquote{margin:.3rem 0 .8rem;padding:.3rem .8rem;border-left:4px solid #2b5d8a;background:#f5f8fb;white-space:pre-wrap}
.poll,.sheet{break-inside:avoid;page-break-inside:avoid}svg{display:block;margin:.4rem 0}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-before:page;page-break-before:always}h2.first{break-before:auto;page-break-before:auto}
tr,blockquote{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}a{color:inherit}}
`;

export const REPORT_HTML_POLICY = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/** A horizontal bar chart as inline SVG (attributes only, no style attribute: the policy allows none). */
function bars(labels: string[], counts: number[], percents: number[]): string {
  const rowH = 22;
  const labelW = 190;
  const barW = 380;
  const max = Math.max(1, ...counts);
  const h = labels.length * rowH + 4;
  const rows = labels
    .map((label, i) => {
      const y = i * rowH + 2;
      const w = Math.round((barW * (counts[i] ?? 0)) / max);
      const short = label.length > 28 ? label.slice(0, 27) + '…' : label;
      return `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end" font-size="12">${esc(short)}</text><rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 7}" fill="#2b5d8a"/><text x="${labelW + w + 5}" y="${y + 15}" font-size="12">${counts[i] ?? 0} (${percents[i] ?? 0}%)</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${labelW + barW + 90}" height="${h}" viewBox="0 0 ${labelW + barW + 90} ${h}">${rows}</svg>`;
}

function pollHtml(r: Report, poll: ReportPoll): string {
  const L = r.session.languages;
  const labels = bucketLabels(poll, L);
  const parts = [`<div class="poll"><h3>${esc(textOf(poll.question, L))}</h3><p class="meta">${esc(poll.kind)} · ${poll.overall.n} ballots (onsite ${poll.byModality.onsite.n}, online ${poll.byModality.online.n}${poll.byEntry ? `; entered by a helper ${poll.byEntry.helper.n}` : ''})</p>`];
  if (labels.length) {
    parts.push(bars(labels, poll.overall.counts, poll.overall.percents));
    const rooms = Object.keys(poll.byRoom);
    parts.push(
      `<table><thead><tr><th>Option</th><th>Count</th><th>%</th><th>Onsite</th><th>Online</th>${rooms.map((id) => `<th>${esc(roomNameOf(r, id))}</th>`).join('')}${poll.showOfHands ? '<th>Show of hands</th>' : ''}${poll.byEntry ? '<th>Entered by a helper</th>' : ''}</tr></thead><tbody>` +
        labels
          .map(
            (label, i) =>
              `<tr><td>${esc(label)}</td><td class="n">${poll.overall.counts[i]}</td><td class="n">${poll.overall.percents[i]}</td><td class="n">${poll.byModality.onsite.counts[i]}</td><td class="n">${poll.byModality.online.counts[i]}</td>${rooms.map((id) => `<td class="n">${poll.byRoom[id].counts[i]}</td>`).join('')}${poll.showOfHands ? `<td class="n">${poll.showOfHands.counts[i] ?? 0}</td>` : ''}${poll.byEntry ? `<td class="n">${poll.byEntry.helper.counts[i] ?? 0}</td>` : ''}</tr>`,
          )
          .join('') +
        '</tbody></table>',
    );
    if (poll.overall.mean !== null) parts.push(`<p>Mean: ${poll.overall.mean}</p>`);
  }
  if (poll.open) {
    parts.push(`<ul>${poll.open.answers.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>`);
    if (poll.open.words.length) parts.push(bars(poll.open.words.slice(0, 10).map((w) => w.word), poll.open.words.slice(0, 10).map((w) => w.count), poll.open.words.slice(0, 10).map(() => 0)).replace(/ \(0%\)/g, ''));
  }
  parts.push('</div>');
  return parts.join('');
}

function profileHtml(r: Report): string {
  const tables = profileTables(r);
  if (!tables.length) return '';
  return (
    `<h2>Panel profile</h2><p>Participants: ${r.profile.participants.onsite} onsite, ${r.profile.participants.online} online. ${esc(PROFILE_NOTE)}</p>` +
    tables
      .map((t) => `<div class="poll"><h3>${esc(t.title)}</h3><table><thead><tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${t.rows.map((row) => `<tr><td>${esc(row.label)}</td>${row.cells.map((c) => `<td class="n">${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`)
      .join('')
  );
}

/** The printable report: print stylesheet, a page break before each chapter, charts as inline SVG. */
export function reportHtml(r: Report): string {
  const j = r.attendance.joined;
  const pk = r.attendance.peakConnected;
  const body = [
    `<h1>${esc(r.session.title)}</h1><p class="meta">${esc(r.session.date)} · ${esc(r.session.languages.join(', '))}</p>`,
    `<h2 class="first">Agenda</h2><table><thead><tr><th>Part</th><th>Planned</th><th>Started</th><th>Ended</th></tr></thead><tbody>${r.agenda.map((a) => `<tr><td>${esc(a.title)}</td><td class="n">${a.plannedMinutes} min</td><td>${clock(a.startedAt)}</td><td>${clock(a.endedAt)}${a.how === 'skipped' ? ' (skipped)' : ''}</td></tr>`).join('')}</tbody></table>`,
    `<h3>Attendance</h3>${bars(['Onsite participants', 'Online participants', 'Staff', 'Observers'], [j.participants.onsite, j.participants.online, j.staff, j.observers], [0, 0, 0, 0]).replace(/ \(0%\)/g, '')}<p>Peak connected: ${pk.total} participants (${pk.participants.onsite} onsite, ${pk.participants.online} online) at ${clock(pk.at)}.</p>`,
    r.staff.length ? `<p>Team: ${r.staff.map((s) => esc(`${s.name} (${s.role}${s.side ? `, ${s.side}` : ''})`)).join('; ')}</p>` : '',
    `<h2>Polls and questionnaires</h2>${r.polls.map((p) => pollHtml(r, p)).join('')}`,
    profileHtml(r),
    `<h2>Group worksheets</h2>${r.worksheets.map((w) => `<div class="sheet"><h3>${esc(w.roomName)}</h3>${Object.entries(w.sections).map(([s, t]) => `<h4>${esc(w.sectionTitles?.[s] ?? SECTION_TITLES[s] ?? s)}</h4><blockquote>${esc(t.trim()) || '<em>(empty)</em>'}</blockquote>`).join('')}</div>`).join('')}<h3>Recommendations of the plenary</h3><blockquote>${esc(r.recommendations.trim()) || '<em>(none written)</em>'}</blockquote>`,
    r.published?.length
      ? `<h2>Published to the plenary</h2>${r.published.map((w) => `<div class="sheet"><h3>${esc(w.groupName)} (published ${clock(w.publishedAt)})</h3>${w.sections.map((s) => `<h4>${esc(SECTION_TITLES[s.key] ?? s.key)}</h4><blockquote>${esc(s.text.trim())}</blockquote>`).join('')}</div>`).join('')}`
      : '',
    `<h2>Moderator bridge, help and speaking</h2><ul>${r.bridge.checkIns.map((c) => `<li>Check-in ${clock(c.askedAt)}${c.part ? ` (${esc(c.part)})` : ''}: ${esc(c.summary ?? '(no answer)')}</li>`).join('')}${r.bridge.highlights.map((h) => `<li>Remark ${clock(h.saidAt)}, ${esc(h.speaker)}: ${esc(h.text)}</li>`).join('')}</ul>`,
    `<p>Help requests: ${r.help.total} (${r.help.byModality.onsite} onsite, ${r.help.byModality.online} online).</p>`,
    `<p>Speaking turns: ${r.speaking.turns.onsite} onsite, ${r.speaking.turns.online} online; speaking time ${r.speaking.seconds.onsite} s onsite, ${r.speaking.seconds.online} s online. Participants who never spoke: ${r.speaking.neverSpoke}.</p>`,
    `<h3>People</h3><p>${r.people.map((x) => esc(`${x.label} (${x.role}, ${x.modality})`)).join(' · ')}</p>`,
    `<h3>Notes</h3><ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`,
  ].join('\n');
  return `<!doctype html>\n<html lang="${esc(r.session.languages[0] ?? 'en')}"><head><meta charset="utf-8"><title>${esc(r.session.title)} – report</title><style>${STYLE}</style></head><body>\n${body}\n</body></html>\n`;
}
