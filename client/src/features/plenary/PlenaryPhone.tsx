import { Suspense } from 'react';
import { lazyWithRetry } from '../../net/lazyWithRetry.js';
import type { SessionState } from '../../../../shared/domain/state.js';

// One chunk, loaded only when there is something to show, keeps the phone's first download within budget.
const PartPrompt = lazyWithRetry(() => import('./PartPrompt.js').then((m) => ({ default: m.PartPrompt })));
const PublishedSheets = lazyWithRetry(() => import('./PublishedSheets.js').then((m) => ({ default: m.PublishedSheets })));

/** The running part's prompt and material (phones), when it has any. */
export function PartPromptSlot({ state }: { state: SessionState }) {
  const part = state.agenda.find((p) => p.id === state.agendaRun.currentId);
  if (!part || (!part.prompt && !part.materials?.length)) return null;
  return (
    <Suspense fallback={null}>
      <PartPrompt state={state} />
    </Suspense>
  );
}

/** "Published by the groups" (phones, observers), once something is published. */
export function PublishedSlot({ state }: { state: SessionState }) {
  if (!state.publishedOrder?.length) return null;
  return (
    <Suspense fallback={null}>
      <PublishedSheets state={state} />
    </Suspense>
  );
}
