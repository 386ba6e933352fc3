import { useEffect } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { TopBar } from '../../components/SessionFrame.js';
import { forgetSession } from '../../net/tokens.js';

/**
 * What a removed person sees: one sentence and the way to the join page, nothing of the session (no title, no
 * roster, no chat). Everything the session left on the device is forgotten at once: the tokens (so /join does not
 * offer "Continue as" them), saved answers, waiting actions, dismissed messages.
 */
export default function LeftSession() {
  const { t } = useI18n();
  useEffect(() => {
    forgetSession();
    document.title = t('left.title');
  }, [t]);
  return (
    <div className="app">
      <TopBar title={t('app.name')} />
      <main className="page narrow left-session" id="main" data-testid="left-session">
        <h1>{t('left.title')}</h1>
        <p>{t('left.body')}</p>
        <a className="button primary" href="/join">
          {t('left.join')}
        </a>
      </main>
    </div>
  );
}
