/**
 * A deep copy of the plain data the in-memory store keeps (objects, arrays, strings, numbers,
 * booleans, null), so that no caller changes what is stored by changing what it was given, nor
 * the other way round.
 *
 * structuredClone does the same through V8's serializer, at about six times the cost: on the
 * message path (a message and its conversation copied in and out, several times a message) it was
 * the store's largest cost in a CPU profile of `npm run bench:relay`. Anything that is not a plain
 * object or array (bytes, a Map, a Date) still goes to structuredClone, so the result is the same.
 */
export function plainCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(plainCopy) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const copied: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copied[key] = plainCopy((value as Record<string, unknown>)[key]);
  return copied as T;
}
