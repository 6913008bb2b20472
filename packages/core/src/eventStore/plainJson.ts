import { isWellFormedText } from "../wellFormedText.js";

/** What `plainJsonBytesBound` returns for plain JSON holding text that is not well-formed. */
export const illFormedTextFound = -1;

/**
 * The most bytes `JSON.stringify(value)` can take in UTF-8, or `undefined` when `value` is not
 * plain JSON (undefined, functions, bigint, NaN, Infinity, class instances...). One walk instead
 * of serialising: a code unit of a string never needs more than 6 bytes (`\uXXXX`), a finite
 * number never more than 24 characters. Stores only serialise an event whose bound exceeds the
 * size limit, to learn its exact size; serialising every event cost more than the rest of an
 * in-memory append.
 *
 * The same walk checks text: `-1` (`illFormedTextFound`) when a string or key holds a lone
 * surrogate or a NUL (wellFormedText.ts), so an append walks its data once for both questions.
 *
 * @example plainJsonBytesBound({ note: "hi" }) // 25, while the JSON is 11 bytes
 */
export const plainJsonBytesBound = (value: unknown): number | undefined => {
  if (value === null) return 4;
  switch (typeof value) {
    case "string":
      return isWellFormedText(value) ? value.length * 6 + 2 : illFormedTextFound;
    case "boolean":
      return 5;
    case "number":
      return Number.isFinite(value) ? 24 : undefined;
    case "object": {
      let bytes = 2;
      if (Array.isArray(value)) {
        for (const item of value) {
          const size = plainJsonBytesBound(item);
          if (size === undefined || size === illFormedTextFound) return size;
          bytes += size + 1;
        }
        return bytes;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return undefined;
      for (const key of Object.keys(value)) {
        const size = plainJsonBytesBound((value as Record<string, unknown>)[key]);
        if (size === undefined || size === illFormedTextFound) return size;
        if (!isWellFormedText(key)) return illFormedTextFound;
        bytes += key.length * 6 + 4 + size;
      }
      return bytes;
    }
    default:
      return undefined;
  }
};

/**
 * A deep, frozen copy of a value already known to be plain JSON: what a store keeps so that
 * neither the writer nor any reader can change a stored event. Several times faster than
 * `structuredClone` or a JSON round trip for the small objects events are made of.
 *
 * @example const stored = frozenJsonCopy(event.data);
 */
export const frozenJsonCopy = <T>(value: T): T => {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return Object.freeze(value.map(frozenJsonCopy)) as T;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const child = frozenJsonCopy((value as Record<string, unknown>)[key]);
    // An own "__proto__" key (JSON.parse makes one) must stay data, not become the prototype.
    if (key === "__proto__") {
      Object.defineProperty(copy, key, { value: child, enumerable: true, configurable: true });
    } else copy[key] = child;
  }
  return Object.freeze(copy) as T;
};
