import { useEffect, useState } from 'react';
import type { Results } from '../../../../shared/domain/polls/schemas.js';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { own } from '../../../../shared/domain/keyed.js';

export interface Progress {
  questionnaireId: string;
  finished: number;
  started: number;
  computedAt: number;
}

/**
 * Latest results per poll: live `poll:results` messages, and the logged final tally from the state.
 * A final tally always wins over a live one; among live ones the most recently computed wins.
 */
export function useLiveResults(conn: SessionConnection | null) {
  const [live, setLive] = useState<Record<string, Results>>({});
  const [progress, setProgress] = useState<Record<string, Progress>>({});
  useEffect(() => {
    if (!conn) return;
    const socket = conn.socket as unknown as { on(e: string, f: (x: never) => void): void; off(e: string, f: (x: never) => void): void };
    const onResults = (r: Results) =>
      setLive((prev) => {
        const old = own(prev, r.pollId);
        if (old && ((old.final && !r.final) || (old.final === r.final && old.computedAt > r.computedAt))) return prev;
        return { ...prev, [r.pollId]: r };
      });
    const onProgress = (p: Progress) => setProgress((prev) => ({ ...prev, [p.questionnaireId]: p }));
    socket.on('poll:results', onResults);
    socket.on('poll:progress', onProgress);
    return () => {
      socket.off('poll:results', onResults);
      socket.off('poll:progress', onProgress);
    };
  }, [conn]);
  return { live, progress };
}

export function resultsFor(state: SessionState, live: Record<string, Results>, pollId: string): Results | null {
  const logged = own(state.pollResults, pollId);
  const l = own(live, pollId);
  if (logged && (!l || !l.final || l.computedAt <= logged.computedAt)) return logged;
  return l ?? null;
}
