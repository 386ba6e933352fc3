import type { Person } from '../../../shared/domain/state.js';

/**
 * Pure group assignment. Randomness comes in through `random` (decided once on the instance that runs
 * the command; only the RESULT is logged, so every instance applies the same groups).
 */
export type Random = () => number;

export interface GroupSlot {
  /** Existing room id, or null for a room to create. */
  roomId: string | null;
  modality: 'onsite' | 'online' | null;
  /** Name for a room to create (e.g. "Table 4"). */
  name: string;
  members: string[];
}

export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * Random groups whose sizes differ by at most one. Facilitators are dealt first, so each group gets
 * one while there are enough; the deal continues round-robin, which keeps the sizes balanced.
 */
export function balancedGroups(people: readonly Person[], groupCount: number, random: Random): string[][] {
  const n = Math.max(1, Math.floor(groupCount));
  const groups: string[][] = Array.from({ length: n }, () => []);
  const facilitators = shuffle(people.filter((p) => p.role === 'facilitator'), random);
  const others = shuffle(people.filter((p) => p.role !== 'facilitator'), random);
  [...facilitators, ...others].forEach((p, i) => groups[i % n].push(p.id));
  return groups;
}

/** How many groups of about `size` people: at least one when anyone is there. */
export function groupCountFor(count: number, size: number): number {
  return count === 0 ? 0 : Math.max(1, Math.round(count / Math.max(2, size)));
}

/**
 * "Onsite tables and online groups": onsite people grouped by the table they gave (those without a
 * table into balanced onsite groups), online people into balanced online groups of about `size`.
 * Modalities are never mixed in one group.
 */
export function tablesAndOnline(people: readonly Person[], size: number, random: Random): GroupSlot[] {
  const onsite = people.filter((p) => p.modality === 'onsite');
  const online = people.filter((p) => p.modality === 'online');
  const slots: GroupSlot[] = [];
  const byTable = new Map<string, string[]>();
  const noTable: Person[] = [];
  for (const p of onsite) {
    if (p.table) byTable.set(p.table, [...(byTable.get(p.table) ?? []), p.id]);
    else noTable.push(p);
  }
  const tables = [...byTable.keys()].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  for (const t of tables) slots.push({ roomId: null, modality: 'onsite', name: `Table ${t}`, members: byTable.get(t)! });
  balancedGroups(noTable, groupCountFor(noTable.length, size), random).forEach((members, i) => {
    if (members.length) slots.push({ roomId: null, modality: 'onsite', name: `Onsite group ${i + 1}`, members });
  });
  balancedGroups(online, groupCountFor(online.length, size), random).forEach((members, i) => {
    if (members.length) slots.push({ roomId: null, modality: 'online', name: `Online group ${i + 1}`, members });
  });
  return slots;
}
