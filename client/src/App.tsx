import { Suspense } from 'react';
import { lazyWithRetry } from './net/lazyWithRetry.js';
import { JoinView } from './views/JoinView.js';
import { ParticipantView } from './views/ParticipantView.js';
import { InviteView } from './views/InviteView.js';

// Staff views are split out so a participant's phone never downloads them.
const ModeratorConsole = lazyWithRetry(() => import('./views/ModeratorConsole.js'));
const ObserverView = lazyWithRetry(() => import('./views/ObserverView.js'));
const ProjectorView = lazyWithRetry(() => import('./views/ProjectorView.js'));
const CoordinatorView = lazyWithRetry(() => import('./features/coordinator/CoordinatorView.js'));
const OrganiserView = lazyWithRetry(() => import('./views/OrganiserView.js'));

/** A tiny path router: the app has a handful of entry points, each reached by a link. */
export function App() {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const join = path.match(/^\/join(?:\/([A-Za-z0-9-]+))?$/);
  if (join || path === '/') return <JoinView initialCode={join?.[1] ?? ''} />;
  if (path === '/p' || path === '/participant') return <ParticipantView />;
  if (path === '/invite') return <InviteView />;
  if (path === '/coordinator') return <Suspense fallback={<p className="loading">…</p>}><CoordinatorView /></Suspense>;
  return (
    <Suspense fallback={<p className="loading">…</p>}>
      {path === '/moderator' ? <ModeratorConsole /> : path === '/observer' ? <ObserverView /> : path === '/projector' ? <ProjectorView /> : path === '/organiser' ? <OrganiserView /> : <JoinView initialCode="" />}
    </Suspense>
  );
}
