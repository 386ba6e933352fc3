import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { I18nProvider, initialLanguage, loadLanguage } from './i18n/i18n.js';
import { applyAppStylesheet, captureServerJoinForm, restoreJoinFocus } from './views/joinAdoption.js';
import './styles.css';

// The person's language first (one small chunk; English is built in), so the first screen is in their words.
void Promise.all([loadLanguage(initialLanguage()), applyAppStylesheet()]).then(() => {
  // The join page may be server-written and already typed into: read it, then replace it in the same task.
  captureServerJoinForm();
  const root = createRoot(document.getElementById('root')!);
  flushSync(() =>
    root.render(
      <StrictMode>
        <I18nProvider>
          <App />
        </I18nProvider>
      </StrictMode>,
    ),
  );
  restoreJoinFocus();
  // The app runs from here on (tests and the first-screen bench wait for it).
  document.documentElement.dataset.app = 'live';
});
