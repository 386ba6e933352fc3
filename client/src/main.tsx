import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { I18nProvider } from './i18n/i18n.js';
import { captureServerJoinForm, restoreJoinFocus } from './views/joinAdoption.js';
import './styles.css';

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
