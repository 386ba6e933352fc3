import type { ReactNode } from 'react';
import type { SessionConnection } from '../net/connection.js';
import type { SessionState } from '../../../shared/domain/state.js';
import { useLive } from '../state/useConnection.js';
import { DICTIONARIES, useI18n, type MessageKey } from '../i18n/i18n.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { RefusedActions } from './RefusedActions.js';
import { LanguagePicker } from './LanguagePicker.js';
import { Announcer } from './Announcer.js';
import { Suspense, useEffect } from 'react';
import { lazyWithRetry } from '../net/lazyWithRetry.js';
import { forgetSession } from '../net/tokens.js';

// Rarely shown: not in the first download.
const LeftSession = lazyWithRetry(() => import('../features/now/LeftSession.js'));

/** Common frame of every live view: skip link, header with title and language, connection state, announcer; closed and no-token states. */
export function SessionFrame({ conn, className, children }: { conn: SessionConnection | null; className?: string; children: (state: SessionState, conn: SessionConnection) => ReactNode }) {
  useLive(conn);
  const { t } = useI18n();
  useViewTitle(className, conn?.state?.title ?? null);
  const removed = conn?.closedReason?.code === 'REMOVED';
  useEffect(() => {
    if (removed) forgetSession();
  }, [removed]);
  // A removed person: a clean page, nothing of the session left on screen or on the device.
  if (removed)
    return (
      <Suspense fallback={null}>
        <LeftSession />
      </Suspense>
    );
  if (!conn) {
    return (
      <div className={`app ${className ?? ''}`}>
        <TopBar title={t('app.name')} />
        <main className="page narrow" id="main">
          <p>{t('common.noToken')}</p>
          <a className="button" href="/join">
            {t('common.goJoin')}
          </a>
        </main>
      </div>
    );
  }
  const state = conn.state;
  return (
    <div className={`app ${className ?? ''}`}>
      <a className="skip" href="#main">
        {t('common.skip')}
      </a>
      <div className="sticky">
        <TopBar title={state?.title || t('app.name')} />
        <ConnectionIndicator conn={conn} />
        <RefusedActions conn={conn} />
      </div>
      {conn.status === 'closed' && conn.closedReason && (
        <p className="alert" role="alert">
          {t(closedKey(conn.closedReason.code))}
        </p>
      )}
      <main className="page" id="main" tabIndex={-1}>
        {state ? children(state, conn) : <p className="loading">{t('conn.connecting')}</p>}
      </main>
      <Announcer />
    </div>
  );
}

/** The header bar shared by every page: the session title and the language picker. */
export function TopBar({ title }: { title: string }) {
  return (
    <header className="top">
      <span className="title">{title}</span>
      <LanguagePicker />
    </header>
  );
}

const VIEW_TITLES: Record<string, MessageKey> = { participant: 'title.participant', moderator: 'title.moderator', observer: 'title.observer', projector: 'title.projector' };

/** The tab's title names the view and the session ("Moderator — Our digital future"): a moderator with several tabs tells them apart. */
function useViewTitle(view: string | undefined, session: string | null) {
  const { t } = useI18n();
  useEffect(() => {
    const key = view ? VIEW_TITLES[view] : undefined;
    // Plain text: document.title is not bidi-rendered like the page, so no isolation marks.
    document.title = key ? t(key, { title: session || t('app.name') }).replace(/[\u2068\u2069]/g, '') : session || t('app.name');
  }, [view, session, t]);
}

function closedKey(code: string): MessageKey {
  const key = `closed.${code}`;
  return (key in DICTIONARIES.en ? key : 'closed.other') as MessageKey;
}
