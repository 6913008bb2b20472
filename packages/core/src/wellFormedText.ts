/**
 * Text every store and read model can keep: no lone UTF-16 surrogate (JSON.parse gives one for
 * `"\ud800"`; UTF-8 cannot encode it, so PostgreSQL and Redis' JSON decoder refuse it) and no NUL
 * (PostgreSQL text and jsonb cannot hold U+0000). With the `u` flag a valid surrogate pair is one
 * astral code point, so only a lone half matches the range.
 */
const illFormed = /[\0\uD800-\uDFFF]/u;

/**
 * Node's native check (Node 20+) and a NUL scan: about a third cheaper than the regular
 * expression on the short strings events are made of, and run on every string of every append.
 */
const wellFormed = (text: string): boolean =>
  (text as unknown as { isWellFormed(): boolean }).isWellFormed() && !text.includes("\0");

/** The first ill-formed spot of one string: its index in UTF-16 code units and what is wrong. */
export interface IllFormedSpot {
  /** Dotted path inside the value (`tags.0`, `address.city`); `(root)` for the value itself. */
  path: string;
  /** Index of the offending code unit, counted in UTF-16 code units as `String#at` does. */
  position: number;
  /** `\ud800` or `\u0000`, escaped so the message itself stays printable. */
  codeUnit: string;
  /** A sentence for people, naming the position. */
  message: string;
}

const escaped = (unit: number) => `\\u${unit.toString(16).padStart(4, "0")}`;

/** Where `text` is ill-formed, or `undefined` when it is well-formed text. */
export const illFormedSpotIn = (text: string): Omit<IllFormedSpot, "path"> | undefined => {
  const position = text.search(illFormed);
  if (position === -1) return undefined;
  const unit = text.charCodeAt(position);
  const codeUnit = escaped(unit);
  const message =
    unit === 0
      ? `contains a NUL character (\\u0000) at position ${position}; text may not hold U+0000`
      : `contains a lone surrogate (${codeUnit}) at position ${position}; text must be well-formed Unicode`;
  return { position, codeUnit, message };
};

/**
 * Every string (object keys included) in a JSON-like value that is not well-formed text, in
 * document order. One walk, no allocation when everything is well-formed.
 *
 * @example illFormedStrings({ tags: ["ok", "x\ud800"] }) // [{ path: "tags.1", position: 1, ... }]
 */
export const illFormedStrings = (value: unknown): IllFormedSpot[] => {
  const found: IllFormedSpot[] = [];
  const path: string[] = [];
  const check = (text: string, prefix: string) => {
    const spot = illFormedSpotIn(text);
    if (!spot) return;
    const where = path.length === 0 ? "(root)" : path.join(".");
    found.push({ path: where, ...spot, message: `${prefix}${spot.message}` });
  };
  const visit = (node: unknown) => {
    if (typeof node === "string") return check(node, "");
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      path.push(key);
      check(key, "key ");
      visit(record[key]);
      path.pop();
    }
  };
  visit(value);
  return found;
};

/**
 * Whether every string in a JSON-like value (keys included) is well-formed text: the cheap gate
 * before `illFormedStrings` builds its report. No allocation; on every append and command.
 */
export const isWellFormedText = (value: unknown): boolean => {
  if (typeof value === "string") return wellFormed(value);
  if (typeof value !== "object" || value === null) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!isWellFormedText(item)) return false;
    return true;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (!wellFormed(key) || !isWellFormedText((value as Record<string, unknown>)[key]))
      return false;
  }
  return true;
};

/** Whether any string in a JSON-like value (keys included) holds a lone surrogate; no allocation. */
export const hasLoneSurrogate = (value: unknown): boolean => {
  if (typeof value === "string") return loneSurrogate.test(value);
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (loneSurrogate.test(key) || hasLoneSurrogate(record[key])) return true;
  }
  return false;
};

const loneSurrogate = /[\uD800-\uDFFF]/u;
const loneSurrogates = /[\uD800-\uDFFF]/gu;

/**
 * A copy of `value` whose lone surrogates are U+FFFD, the replacement character (what
 * `String#toWellFormed` does), or `value` itself when it has none. For data written before
 * the boundaries refused such text, or by another writer: read models stay writable.
 */
export const withWellFormedText = <T>(value: T): T => {
  if (typeof value === "string")
    return (loneSurrogate.test(value) ? value.replace(loneSurrogates, "\uFFFD") : value) as T;
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const fixed = value.map(withWellFormedText);
    return (fixed.some((item, index) => item !== value[index]) ? fixed : value) as T;
  }
  const entries = Object.entries(value);
  const fixed = entries.map(([key, child]) => [withWellFormedText(key), withWellFormedText(child)]);
  const changed = fixed.some(
    ([key, child], i) => key !== entries[i]?.[0] || child !== entries[i]?.[1],
  );
  // fromEntries keeps an own "__proto__" key as data, as JSON.parse does.
  return (changed ? Object.fromEntries(fixed) : value) as T;
};
