/**
 * What Object.prototype holds now: its own property names and what each one is (value identity for data
 * properties, getter/setter identity for accessors), plus its own prototype. Compare two fingerprints with
 * toEqual to prove that nothing was written onto it.
 */
export function prototypeFingerprint(): Record<string, unknown> {
  const out: Record<string, unknown> = { '[[Prototype]]': Object.getPrototypeOf(Object.prototype) };
  for (const name of Reflect.ownKeys(Object.prototype)) {
    const d = Object.getOwnPropertyDescriptor(Object.prototype, name)!;
    out[String(name)] = 'value' in d ? { value: d.value, writable: d.writable, enumerable: d.enumerable } : { get: d.get, set: d.set, enumerable: d.enumerable };
  }
  return out;
}
