import type { Combined } from './combine.js';

const cell = (s: string | number) => String(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The combined result of several sites as Markdown: sites, every poll's totals beside each site's, the profile. */
export function combinedMarkdown(c: Combined, title = 'Combined results'): string {
  const out: string[] = [];
  const p = (...lines: string[]) => out.push(...lines);
  p(`# ${title}`, '', `${c.sites.length} sites · ${c.sites.reduce((a, s) => a + s.participants, 0)} participants${c.templateId ? ` · template ${c.templateId}` : ''}`, '');
  p('## Sites', '', '| Site | Date | Participants |', '|---|---|---|');
  for (const s of c.sites) p(`| ${cell(s.title)} | ${s.date} | ${s.participants} |`);
  p('');
  for (const poll of c.polls) {
    p(`## ${poll.question}`, '', `Kind: ${poll.kind} · Ballots: ${poll.total.n}`, '');
    p(`| Option | Total | % | ${c.sites.map((s) => cell(s.title)).join(' | ')} |`, `|---|---|---|${c.sites.map(() => '---|').join('')}`);
    poll.options.forEach((o, k) => p(`| ${cell(o)} | ${poll.total.counts[k]} | ${poll.total.percents[k]} | ${poll.bySite.map((s) => s.counts[k]).join(' | ')} |`));
    p(`| Ballots | ${poll.total.n} |  | ${poll.bySite.map((s) => s.n).join(' | ')} |`, '');
  }
  if (c.profile.questions.length) {
    p('## Who took part (all sites)', '', 'Cells under 5 people are shown as "< 5", and a second cell as "hidden" where the first could be recovered by subtraction.', '');
    for (const q of c.profile.questions) {
      p(`### ${q.question}`, '', '| Answer | Onsite | Online | Total |', '|---|---|---|---|');
      q.rows.forEach((row, r) => p(`| ${cell(row)} | ${q.cells[r].map(cell).join(' | ')} |`));
      p('');
    }
  }
  for (const b of c.profile.breakdowns) {
    const poll = c.polls.find((x) => x.id === b.pollId);
    const q = c.profile.questions.find((x) => x.id === b.questionId);
    if (!poll || !q) continue;
    p(`### ${poll.question} — by ${q.question}`, '', `| Answer | ${poll.options.map(cell).join(' | ')} | Voters |`, `|---|${poll.options.map(() => '---|').join('')}---|`);
    q.rows.forEach((row, r) => p(`| ${cell(row)} | ${(b.cells[r] ?? []).map(cell).join(' | ')} |`));
    p('');
  }
  return out.join('\n') + '\n';
}
