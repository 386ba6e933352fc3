import type { Report } from '../../../shared/report/schema.js';
import { bucketLabels, clock, roomNameOf, SECTION_TITLES, textOf } from './text.js';
import { PROFILE_NOTE, profileTables } from './profileTables.js';

/** Markdown keeps tables readable; a pipe or line break inside a cell would end it. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const quote = (s: string) => s.split(/\r?\n/).map((l) => `> ${l}`).join('\n');

/** The report as Markdown, readable as is and pasted into the written report. */
export function reportMarkdown(r: Report): string {
  const L = r.session.languages;
  const out: string[] = [];
  const p = (...lines: string[]) => out.push(...lines);
  p(`# ${r.session.title}`, '', `Date: ${r.session.date} · Languages: ${L.join(', ')}`, '');

  p('## Agenda', '', '| Part | Planned | Started | Ended |', '|---|---|---|---|');
  for (const a of r.agenda) p(`| ${cell(a.title)} | ${a.plannedMinutes} min | ${clock(a.startedAt)} | ${clock(a.endedAt)}${a.how === 'skipped' ? ' (skipped)' : ''} |`);
  p('');

  const j = r.attendance.joined;
  const pk = r.attendance.peakConnected;
  p('## Attendance', '', `Joined: ${j.participants.onsite} participants onsite, ${j.participants.online} online; ${j.staff} staff; ${j.observers} observers.`);
  p(`Peak connected: ${pk.total} participants (${pk.participants.onsite} onsite, ${pk.participants.online} online) at ${clock(pk.at)}.`, '');
  if (r.staff.length) p('Team: ' + r.staff.map((s) => `${s.name} (${s.role}${s.side ? `, ${s.side}` : ''})`).join('; '), '');

  p('## Polls and questionnaires', '');
  for (const q of r.questionnaires) p(`Questionnaire “${q.title}”: ${q.pollIds.length} questions.`);
  if (r.questionnaires.length) p('');
  for (const poll of r.polls) {
    p(`### ${textOf(poll.question, L)}`, '', `Kind: ${poll.kind} · Ballots: ${poll.overall.n} (onsite ${poll.byModality.onsite.n}, online ${poll.byModality.online.n}${poll.byEntry ? `; entered by a helper ${poll.byEntry.helper.n}` : ''})`, '');
    const labels = bucketLabels(poll, L);
    if (labels.length) {
      const rooms = Object.keys(poll.byRoom);
      p(`| Option | Count | % | Onsite | Online |${rooms.map((id) => ` ${cell(roomNameOf(r, id))} |`).join('')}${poll.showOfHands ? ' Show of hands |' : ''}${poll.byEntry ? ' Entered by a helper |' : ''}`);
      p(`|---|---|---|---|---|${rooms.map(() => '---|').join('')}${poll.showOfHands ? '---|' : ''}`);
      labels.forEach((label, i) => {
        p(`| ${cell(label)} | ${poll.overall.counts[i]} | ${poll.overall.percents[i]} | ${poll.byModality.onsite.counts[i]} | ${poll.byModality.online.counts[i]} |${rooms.map((id) => ` ${poll.byRoom[id].counts[i]} |`).join('')}${poll.showOfHands ? ` ${poll.showOfHands.counts[i] ?? 0} |` : ''}${poll.byEntry ? ` ${poll.byEntry.helper.counts[i] ?? 0} |` : ''}`);
      });
      if (poll.overall.mean !== null) p('', `Mean: ${poll.overall.mean}`);
      if (poll.kind === 'ranking') p('', 'Counts are Borda points.');
      p('');
    }
    if (poll.open) {
      p('Answers:', '', ...poll.open.answers.map((a) => `- ${a.replace(/\r?\n/g, ' ')}`), '');
      if (poll.open.words.length) p('Frequent words: ' + poll.open.words.map((w) => `${w.word} (${w.count})`).join(', '), '');
      if (poll.open.hiddenCount) p(`${poll.open.hiddenCount} answers hidden by the moderators are left out.`, '');
    }
  }

  const tables = profileTables(r);
  if (tables.length) {
    p('## Panel profile', '', `Participants: ${r.profile.participants.onsite} onsite, ${r.profile.participants.online} online. ${PROFILE_NOTE}`, '');
    for (const t of tables) {
      p(`### ${cell(t.title)}`, '', `| ${t.header.map(cell).join(' | ')} |`, `|${t.header.map(() => '---|').join('')}`);
      for (const row of t.rows) p(`| ${cell(row.label)} | ${row.cells.join(' | ')} |`);
      p('');
    }
  }

  p('## Group worksheets', '');
  for (const w of r.worksheets) {
    p(`### ${w.roomName}`, '');
    for (const [s, text] of Object.entries(w.sections)) p(`**${w.sectionTitles?.[s] ?? SECTION_TITLES[s] ?? s}**`, '', text.trim() ? quote(text.trim()) : '_(empty)_', '');
  }
  p('## Recommendations of the plenary', '', r.recommendations.trim() ? quote(r.recommendations.trim()) : '_(none written)_', '');
  if (r.published?.length) {
    p('## Published to the plenary', '');
    for (const w of r.published) {
      p(`### ${w.groupName} (published ${clock(w.publishedAt)})`, '');
      for (const s of w.sections) p(`**${SECTION_TITLES[s.key] ?? s.key}**`, '', quote(s.text.trim()), '');
    }
  }

  p('## Moderator bridge', '');
  for (const c of r.bridge.checkIns) p(`- Check-in ${clock(c.askedAt)}${c.part ? ` (${c.part})` : ''}: ${c.summary ?? '(no answer)'}${c.highlights.length ? ` — ${c.highlights.join('; ')}` : ''}`);
  for (const h of r.bridge.highlights) p(`- Remark ${clock(h.saidAt)}, ${h.speaker}${h.room ? ` (${h.room})` : ''}: ${h.text}`);
  p('');

  p('## Help requests', '', `${r.help.total} requests (${r.help.byModality.onsite} onsite, ${r.help.byModality.online} online).`);
  for (const h of r.help.requests) p(`- ${clock(h.at)} ${h.modality}${h.closedAt !== null ? `, closed ${clock(h.closedAt)}` : ''}`);
  p('');

  const s = r.speaking;
  p('## Speaking turns', '', `Turns: ${s.turns.onsite} onsite, ${s.turns.online} online. Speaking time: ${s.seconds.onsite} s onsite, ${s.seconds.online} s online.`);
  p(`Participants who never spoke: ${s.neverSpoke}.`, '');

  p('## People', '', ...r.people.map((x) => `- ${x.label} (${x.role}, ${x.modality})`), '');
  p('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}
