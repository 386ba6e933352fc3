import { lazy, Suspense } from 'react';
import type { SessionState } from '../../../../shared/domain/state.js';
import { own } from '../../../../shared/domain/keyed.js';
import type { SessionConnection } from '../../net/connection.js';

// Loaded only by the phones that are asked (the participant's first screen has a size budget).
const ProfileCard = lazy(() => import('./ProfileCard.js').then((m) => ({ default: m.ProfileCard })));

/** The profile card's place on the participant's phone: fetched and shown only while there is something to ask. */
export function ProfileCardSlot({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const asked = (state.profile?.questions.length ?? 0) > 0 && conn.personId !== null && !own(state.profile?.answers, conn.personId ?? '');
  if (!asked) return null;
  return (
    <Suspense fallback={null}>
      <ProfileCard state={state} conn={conn} />
    </Suspense>
  );
}
