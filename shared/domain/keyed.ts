// No imports: the client's appliers use this file, and it must stay free of zod.

/**
 * Safe access to records keyed by ids that may come from a client (people, rooms, polls, queues...).
 *
 * A plain object used as a map answers `obj["__proto__"]`, `obj["constructor"]` or `obj["toString"]` with
 * inherited members: an id chosen by an attacker could then be "found", written onto `Object.prototype`
 * (breaking every payload check on the process) or make an applier throw on every later load. Records
 * of the state are created without a prototype, but snapshots travel as JSON and come back as plain
 * objects, so every read goes through an own-property check as well, and every write of a key that may
 * be `__proto__` defines a data property instead of calling the inherited setter.
 */

const hasOwnProperty = Object.prototype.hasOwnProperty;

/** Names no id may take: every member of `Object.prototype` (including `__proto__`), case-sensitive. */
export const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

export function isPrototypeName(key: string): boolean {
  return PROTOTYPE_NAMES.has(key);
}

/** A record without a prototype: no key is ever "found" that was not put there. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A prototype-free copy of a record (own enumerable keys only). */
export function recordOf<T>(source: Readonly<Record<string, T>> | null | undefined): Record<string, T> {
  const out = emptyRecord<T>();
  if (source) for (const key of Object.keys(source)) setOwn(out, key, source[key]);
  return out;
}

/** True when `key` is the record's own key (never an inherited member). */
export function has(record: object | null | undefined, key: string): boolean {
  return record != null && hasOwnProperty.call(record, key);
}

/** The record's own entry for `key`, or undefined: `own(people, "constructor")` is undefined, not `Object`. */
export function own<T>(record: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return record != null && hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/**
 * Sets the record's own entry. Plain assignment would be enough for every key but `__proto__`, whose
 * inherited setter on a plain object (a snapshot parsed from JSON) replaces the prototype instead.
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  else record[key] = value;
}

/** The record's own entry for `key`, created with `make()` when absent. */
export function ownOrCreate<T>(record: Record<string, T>, key: string, make: () => T): T {
  if (hasOwnProperty.call(record, key)) return record[key];
  const value = make();
  setOwn(record, key, value);
  return value;
}

/** The record's own entries for `keys`, in that order, leaving out keys it does not hold (e.g. the roster's people). */
export function ownEach<T>(record: Readonly<Record<string, T>> | null | undefined, keys: readonly string[]): T[] {
  const out: T[] = [];
  for (const key of keys) if (record != null && hasOwnProperty.call(record, key)) out.push(record[key]);
  return out;
}
