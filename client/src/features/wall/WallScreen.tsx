import type { SessionState, WallContent } from '../../../../shared/domain/state.js';
import type { Poll } from '../../../../shared/domain/polls/schemas.js';
import type { SessionConnection } from '../../net/connection.js';
import { pickLocalized, useI18n } from '../../i18n/i18n.js';
import { own } from '../../../../shared/domain/keyed.js';
import { Countdown } from '../rooms/time.js';
import { JoinQr } from '../../components/JoinQr.js';
import { ProjectorSpeaker } from '../queue/ProjectorSpeaker.js';
import { resultsFor } from '../polls/useLiveResults.js';
import { keepWallResults, useWallResults } from './wallResults.js';
import { optionLabels } from '../polls/ResultsView.js';
import { WallFit } from './WallFit.js';
import { sectionTitle } from '../plenary/sectionTitle.js';
import { useExpired } from '../rooms/expiry.js';
import './wall.css';
import { PollText } from '../polls/localized.js';

/** Results the participants may see: the wall never shows more (the server sends it nothing more either). */
function resultsPublic(p: Poll): boolean {
  return p.resultsVisibility === 'live' || (p.resultsVisibility === 'afterClose' && p.status === 'closed');
}

/**
 * The wall screen of the hall showing one content a moderator put there (or only the session's title).
 * The projector renders it full screen; the console renders the very same component, scaled, as its preview.
 */
export function WallScreen({ state, conn, content: given }: { state: SessionState; conn: SessionConnection; content: WallContent | null }) {
  const { t, dir } = useI18n();
  keepWallResults(conn);
  // A highlight whose time ran out is not shown (the server also clears the wall then).
  const content = useExpired(given?.kind === 'highlight' ? given.expiresAt : null, conn) ? null : given;
  return (
    <div className="wall-screen" dir={dir} data-testid="wall" data-kind={content?.kind ?? 'none'}>
      <WallBody state={state} conn={conn} content={content} />
      {content === null && <p className="wall-idle">{t('wall.idle')}</p>}
      {content === null || <p className="wall-title"><bdi>{state.title}</bdi></p>}
    </div>
  );
}

function WallBody({ state, conn, content }: { state: SessionState; conn: SessionConnection; content: WallContent | null }) {
  const { t, lang } = useI18n();
  if (!content) return <h1 className="wall-main"><bdi>{state.title}</bdi></h1>;
  switch (content.kind) {
    case 'part': {
      const part = state.agenda.find((p) => p.id === state.agendaRun.currentId);
      if (!part) return <h1 className="wall-main">{t('agenda.none')}</h1>;
      const prompt = part.prompt ? pickLocalized(part.prompt, lang, state.languages).text : '';
      return (
        <>
          <h1 className="wall-main"><PollText value={part.title} languages={state.languages} /></h1>
          <Countdown conn={conn} endsAt={state.agendaRun.endsAt} label={t('rooms.partEndsIn')} big />
          {prompt && <p className="wall-text"><bdi>{prompt}</bdi></p>}
        </>
      );
    }
    case 'join':
      return (
        <div className="wall-join">
          <div>
            <p className="wall-text">{t('projector.joinAt', { url: `${location.host}/join` })}</p>
            <p className="wall-code" data-testid="wall-join-code">{state.joinCode}</p>
          </div>
          <JoinQr code={state.joinCode} size={360} className="wall-qr" />
        </div>
      );
    case 'poll':
      return <WallPoll state={state} conn={conn} pollId={content.pollId} />;
    case 'sheet': {
      const sheet = own(state.published ?? {}, content.roomId);
      if (!sheet) return <h1 className="wall-main">{t('wall.idle')}</h1>;
      const items = sheet.sections.flatMap((s) => [
        <h2 key={`${s.key}-h`} className="wall-sub">{sectionTitle(t, s.key)}</h2>,
        ...s.text.split(/\n+/).filter((l) => l.trim()).map((l, i) => (
          <p key={`${s.key}-${i}`} className="wall-text wall-para" dir="auto"><bdi>{l}</bdi></p>
        )),
      ]);
      return (
        <>
          <h1 className="wall-main"><bdi>{sheet.groupName}</bdi></h1>
          <WallFit items={items} footer={(p, n) => <p className="wall-page">{`${p + 1} / ${n}`}</p>} />
        </>
      );
    }
    case 'highlight':
      return (
        <blockquote className="wall-quote">
          <p className="wall-main"><bdi>{content.text}</bdi></p>
          <footer className="wall-text">— <bdi>{content.name}</bdi></footer>
        </blockquote>
      );
    case 'queue':
      return (
        <div className="wall-queue">
          <ProjectorSpeaker state={state} conn={conn} />
        </div>
      );
    case 'message':
      return <p className="wall-main wall-message"><bdi>{content.text}</bdi></p>;
  }
}

function WallPoll({ state, conn, pollId }: { state: SessionState; conn: SessionConnection; pollId: string }) {
  const { t, lang } = useI18n();
  const live = useWallResults(conn);
  const poll = own(state.polls, pollId);
  if (!poll) return <h1 className="wall-main">{t('wall.idle')}</h1>;
  const question = pickLocalized(poll.question, lang, state.languages).text;
  const results = resultsPublic(poll) ? resultsFor(state, live, pollId) : null;
  if (!results) {
    return (
      <>
        <h1 className="wall-main"><bdi>{question}</bdi></h1>
        <p className="wall-text" data-testid="wall-no-results">{t('wall.resultsHidden')}</p>
      </>
    );
  }
  const s = results.overall;
  let items;
  if (results.open) {
    items = results.open.words.slice(0, 12).map((w) => (
      <p key={w.word} className="wall-text wall-para"><bdi>{w.word}</bdi> <span className="wall-n">({w.count})</span></p>
    ));
  } else {
    const labels = optionLabels(poll, t, lang, state.languages);
    items = labels.map((label, i) => (
      <div key={i} className="wall-bar-row">
        <bdi className="wall-bar-label">{label}</bdi>
        <span className="wall-bar" aria-hidden="true" style={{ inlineSize: `${Math.min(100, s.percents[i] ?? 0)}%` }} />
        <span className="wall-n" data-testid="wall-count">
          {poll.kind === 'ranking' && s.meanRanks ? t('polls.meanRank', { rank: s.meanRanks[i] }) : `${s.counts[i] ?? 0} (${s.percents[i] ?? 0}%)`}
        </span>
      </div>
    ));
  }
  return (
    <>
      <h1 className="wall-main"><bdi>{question}</bdi></h1>
      <p className="wall-small" data-testid="wall-poll-n">
        {results.final ? t('polls.final') : t('polls.live')} · {t('polls.count', { n: s.n })}
      </p>
      <WallFit items={items} footer={(p, n) => <p className="wall-page">{`${p + 1} / ${n}`}</p>} />
    </>
  );
}

