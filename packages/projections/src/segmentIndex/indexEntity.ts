/**
 * How one entity (a customer) changes in a bitmap index. The op reads the entity's previous state
 * inside the batch, which is what lets a projection say "this address is now in Canada" without
 * knowing where it was before, and lets both stores flip exactly the bits that changed.
 *
 * Layout (keys relative to the projection version):
 * - `v:<value>` bitmap over ordinals: set while any slot of the entity holds `value`;
 * - `r:<part>:<i>:<j>` set while digit `i` (0 = lowest) of the entity's number in `part` is at
 *   least `j`, for j = 1..base-1 (range-encoded bit slices; in base 2, plain bit slices), and
 *   `x:<part>` "has a value";
 * - `e:<id>` the entity's state, one string (ordinal, slots, numbers, its entries' scores);
 * - `<key>:<day>` an entry key's lines on one UTC day, records `ordinal␟field␟ms-within-day␞`, and
 *   `<key>:days` the days that have lines (a sorted set scored by day);
 * - `ids` ordinal -> id; `meta` the next ordinal and, per part, `base:<part>` (fixed by the
 *   part's first write) and `w:<part>` its width in digits.
 */
export interface IndexEntityChange {
  /** Clears every bit the entity set, removes its sorted-set entries and forgets its ordinal. */
  readonly remove?: true;
  /** Each slot's values replace what the slot held before; `null` empties it. */
  readonly slots?: Readonly<Record<string, readonly string[] | null>>;
  readonly numbers?: readonly IndexNumberChange[];
  /**
   * Lines `<ordinal>\u001f<suffix>` scored by `score`, removed with the entity, with a sorted
   * set's semantics (the same suffix again moves the line); stored per day (see indexKeys.lines),
   * and a scan reads a line's ordinal, the suffix's first field and the score.
   */
  readonly entries?: ReadonlyArray<{ key: string; suffix: string; score: number }>;
}

/**
 * A non-negative integer below 2^53. `add` sums into the part named `name`; `set`, `max` and
 * `min` keep the winning `value` and write its `parts` (default: the value itself under `name`),
 * which is how an instant is indexed as a local day plus a time within that day.
 */
export interface IndexNumberChange {
  readonly name: string;
  readonly mode: "add" | "set" | "max" | "min";
  readonly value: number;
  readonly parts?: Readonly<Record<string, number>>;
  /** The digit base of a part this change writes first (default 16; see DigitBase). */
  readonly bases?: Readonly<Record<string, DigitBase>>;
}

/**
 * Base 16 makes a range bound cost about two BITOPs per four bits of the bound, for 15 bitmaps
 * per four bits and ~1.9 bit flips per bit written. Base 2 (plain bit slices) costs about one
 * BITOP per run of equal bits, 1 bitmap and 0.5 flips per bit: the choice for numbers that are
 * rarely compared but rewritten with random low digits often, such as a time of day.
 */
export type DigitBase = 2 | 16;
export const defaultDigitBase: DigitBase = 16;

/** Separates values inside a stored slot and the fields of a sorted-set member. */
export const unitSeparator = "\u001f";

export const indexKeys = {
  entity: (id: string) => `e:${id}`,
  value: (value: string) => `v:${value}`,
  /** Entities whose number in `part` has digit `digit` at least `level` (1..base-1). */
  atLeast: (part: string, digit: number, level: number) => `r:${part}:${digit}:${level}`,
  exists: (part: string) => `x:${part}`,
  /** Order lines of sorted-set-like `key` whose score falls on UTC day `day` (epoch days). */
  lines: (key: string, day: string) => `${key}:${day}`,
  /** The days of `key` that have lines, scored by day. */
  lineDays: (key: string) => `${key}:days`,
  ids: "ids",
  meta: "meta",
  /** Fields of `meta`. */
  base: (part: string) => `base:${part}`,
  width: (part: string) => `w:${part}`,
};
