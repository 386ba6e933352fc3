import type { Socket } from 'socket.io';

/** The sockets this instance holds, by session and person (for presence counts and removal). */
export class LocalConnections {
  private bySession = new Map<string, Map<string, Set<Socket>>>();
  private perAddress = new Map<string, number>();

  add(sid: string, pid: string, socket: Socket, address: string): number {
    let people = this.bySession.get(sid);
    if (!people) this.bySession.set(sid, (people = new Map()));
    let set = people.get(pid);
    if (!set) people.set(pid, (set = new Set()));
    set.add(socket);
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    return set.size;
  }

  remove(sid: string, pid: string, socket: Socket, address: string): number {
    const set = this.bySession.get(sid)?.get(pid);
    set?.delete(socket);
    const n = (this.perAddress.get(address) ?? 1) - 1;
    if (n <= 0) this.perAddress.delete(address);
    else this.perAddress.set(address, n);
    return set?.size ?? 0;
  }

  countFrom(address: string): number {
    return this.perAddress.get(address) ?? 0;
  }

  of(sid: string, pid: string): Socket[] {
    return [...(this.bySession.get(sid)?.get(pid) ?? [])];
  }

  inSession(sid: string): Array<[string, Set<Socket>]> {
    return [...(this.bySession.get(sid) ?? new Map<string, Set<Socket>>())];
  }
}
