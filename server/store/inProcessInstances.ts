/**
 * Instances' heartbeats and the sessions each logged presence in, held in this process. The embedded and the
 * memory stores serve one process, so nothing here needs to outlive it (the restart sweep clears old counts).
 */
export class InProcessInstances {
  private aliveUntil = new Map<string, number>();
  /** Instance name -> sessions it logged presence in. */
  private sessionSets = new Map<string, Set<string>>();

  heartbeat(instanceId: string, ttlMs: number): void {
    this.aliveUntil.set(instanceId, Date.now() + ttlMs);
  }

  isAlive(instanceId: string): boolean {
    return (this.aliveUntil.get(instanceId) ?? 0) > Date.now();
  }

  noteSession(instanceId: string, sessionId: string): void {
    let set = this.sessionSets.get(instanceId);
    if (!set) this.sessionSets.set(instanceId, (set = new Set()));
    set.add(sessionId);
  }

  sessions(instanceId: string): string[] {
    return [...(this.sessionSets.get(instanceId) ?? [])];
  }

  forgetSession(instanceId: string, sessionId: string): void {
    this.sessionSets.get(instanceId)?.delete(sessionId);
  }
}
