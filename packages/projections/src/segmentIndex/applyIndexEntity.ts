import { indexKeys, unitSeparator } from "./indexEntity.js";
import type { WireChange } from "./wireChange.js";

/** The few Redis commands the routine needs, over the in-memory store's keys. */
export interface IndexKeyspace {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  hget(key: string, field: string): string | undefined;
  hset(key: string, field: string, value: string): void;
  hdel(key: string, field: string): void;
  del(key: string): void;
  setbit(key: string, offset: number, bit: 0 | 1): void;
  zadd(key: string, score: number, member: string): void;
  zrem(key: string, member: string): void;
}

type Entity = Map<string, string>;
const recordSeparator = "\u001e";
const fieldSeparator = "\u001d";

const loadEntity = (keys: IndexKeyspace, key: string): Entity => {
  const text = keys.get(key);
  const state: Entity = new Map();
  for (const record of text ? text.split(recordSeparator) : []) {
    if (record === "") continue;
    const cut = record.indexOf(fieldSeparator);
    state.set(record.slice(0, cut), record.slice(cut + 1));
  }
  return state;
};

/** Lua's table.sort compares bytes; for the ASCII field names used here that is JS's order. */
const saveEntity = (keys: IndexKeyspace, key: string, state: Entity) =>
  keys.set(
    key,
    [...state.keys()]
      .sort()
      .map((field) => `${field}${fieldSeparator}${state.get(field)}`)
      .join(recordSeparator),
  );

const splitUnits = (text: string) => text.split(unitSeparator).filter((value) => value !== "");

const valueCounts = (state: Entity): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const [field, text] of state)
    if (field.startsWith("s:"))
      for (const value of splitUnits(text)) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
};

const integer = (n: number) => n.toFixed(0);

/** See indexEntity.lua.ts: order lines as records in one string per UTC day. */
const dayMs = 86_400_000;
const lineDay = (score: number) => integer(Math.floor(score / dayMs));
/** The score is kept as ms within its day (8 digits instead of 13). */
const lineRecord = (ordinal: string, suffix: string, score: number) =>
  `${ordinal}${unitSeparator}${suffix.split(unitSeparator)[0]}${unitSeparator}${integer(score - Math.floor(score / dayMs) * dayMs)}${recordSeparator}`;

const addLine = (
  keys: IndexKeyspace,
  key: string,
  ordinal: string,
  suffix: string,
  score: number,
) => {
  const day = lineDay(score);
  const bucket = indexKeys.lines(key, day);
  const before = keys.get(bucket) ?? "";
  keys.set(bucket, before + lineRecord(ordinal, suffix, score));
  if (before === "") keys.zadd(indexKeys.lineDays(key), Number(day), day);
};

const removeLine = (
  keys: IndexKeyspace,
  key: string,
  ordinal: string,
  suffix: string,
  score: number,
) => {
  const day = lineDay(score);
  const bucket = indexKeys.lines(key, day);
  const text = keys.get(bucket) ?? "";
  const record = lineRecord(ordinal, suffix, score);
  for (let at = text.indexOf(record); at >= 0; at = text.indexOf(record, at + 1)) {
    if (at > 0 && text[at - 1] !== recordSeparator) continue;
    const rest = text.slice(0, at) + text.slice(at + record.length);
    if (rest === "") {
      keys.del(bucket);
      keys.zrem(indexKeys.lineDays(key), day);
    } else keys.set(bucket, rest);
    return;
  }
};

/** See indexEntity.lua.ts: the part's base is fixed by its first write. */
const writeNumber = (
  keys: IndexKeyspace,
  state: Entity,
  ordinal: number,
  part: string,
  next: number | undefined,
  proposedBase?: number,
): void => {
  const stored = state.get(`q:${part}`);
  const old = stored === undefined ? undefined : Number(stored);
  if (old === next) return;
  let base = Number(keys.hget(indexKeys.meta, indexKeys.base(part)) ?? Number.NaN);
  if (Number.isNaN(base)) {
    base = proposedBase as number;
    keys.hset(indexKeys.meta, indexKeys.base(part), String(base));
  }
  let o = old ?? 0;
  let n = next ?? 0;
  let digit = 0;
  while (o > 0 || n > 0) {
    const od = o % base;
    const nd = n % base;
    for (let level = od + 1; level <= nd; level++)
      keys.setbit(indexKeys.atLeast(part, digit, level), ordinal, 1);
    for (let level = nd + 1; level <= od; level++)
      keys.setbit(indexKeys.atLeast(part, digit, level), ordinal, 0);
    o = (o - od) / base;
    n = (n - nd) / base;
    digit++;
  }
  if (next !== undefined) {
    if (old === undefined) keys.setbit(indexKeys.exists(part), ordinal, 1);
    state.set(`q:${part}`, integer(next));
    const width = Number(keys.hget(indexKeys.meta, indexKeys.width(part)) ?? "0");
    if (digit > width) keys.hset(indexKeys.meta, indexKeys.width(part), String(digit));
  } else {
    keys.setbit(indexKeys.exists(part), ordinal, 0);
    state.delete(`q:${part}`);
  }
};

/** The `indexentity` op in memory: the same steps as indexEntity.lua.ts, in the same order. */
export const applyIndexEntity = (keys: IndexKeyspace, id: string, change: WireChange): void => {
  const entityKey = indexKeys.entity(id);
  const state = loadEntity(keys, entityKey);
  const stored = state.get("o");
  if (change.remove) {
    if (stored === undefined) return;
    const ordinal = Number(stored);
    for (const value of valueCounts(state).keys()) keys.setbit(indexKeys.value(value), ordinal, 0);
    for (const field of [...state.keys()]) {
      const kind = field.slice(0, 2);
      const name = field.slice(2);
      if (kind === "q:") writeNumber(keys, state, ordinal, name, undefined);
      else if (kind === "z:") {
        const cut = name.indexOf(unitSeparator);
        removeLine(keys, name.slice(0, cut), stored, name.slice(cut + 1), Number(state.get(field)));
      }
    }
    keys.hdel(indexKeys.ids, stored);
    keys.del(entityKey);
    return;
  }
  if (stored === undefined) {
    const next = Number(keys.hget(indexKeys.meta, "next") ?? "0");
    keys.hset(indexKeys.meta, "next", String(next + 1));
    state.set("o", integer(next));
    keys.hset(indexKeys.ids, integer(next), id);
  }
  const ordinalText = state.get("o") as string;
  const ordinal = Number(ordinalText);
  let counts: Map<string, number> | undefined;
  for (const [name, values] of change.slots) {
    counts ??= valueCounts(state);
    const delta = new Map<string, number>();
    for (const value of splitUnits(state.get(`s:${name}`) ?? ""))
      delta.set(value, (delta.get(value) ?? 0) - 1);
    for (const value of values) delta.set(value, (delta.get(value) ?? 0) + 1);
    for (const [value, by] of delta) {
      const before = counts.get(value) ?? 0;
      const after = before + by;
      counts.set(value, after);
      if (before > 0 && after <= 0) keys.setbit(indexKeys.value(value), ordinal, 0);
      else if (before <= 0 && after > 0) keys.setbit(indexKeys.value(value), ordinal, 1);
    }
    if (values.length === 0) state.delete(`s:${name}`);
    else state.set(`s:${name}`, values.join(unitSeparator));
  }
  for (const number of change.numbers) {
    if (number.mode === "add") {
      const current = Number(state.get(`q:${number.name}`) ?? "0");
      writeNumber(keys, state, ordinal, number.name, current + number.value, number.base);
      continue;
    }
    const previous = state.get(`n:${number.name}`);
    const current = previous === undefined ? undefined : Number(previous);
    const wins =
      current === undefined ||
      number.mode === "set" ||
      (number.mode === "max" && number.value > current) ||
      (number.mode === "min" && number.value < current);
    if (!wins) continue;
    state.set(`n:${number.name}`, integer(number.value));
    for (const [part, value, base] of number.parts)
      writeNumber(keys, state, ordinal, part, value, base);
  }
  // Like ZADD of the member `<ordinal><US><suffix>`: the same suffix again moves its line.
  for (const [key, suffix, score] of change.entries) {
    const field = `z:${key}${unitSeparator}${suffix}`;
    const previous = state.get(field);
    if (previous === integer(score)) continue;
    if (previous !== undefined) removeLine(keys, key, ordinalText, suffix, Number(previous));
    addLine(keys, key, ordinalText, suffix, score);
    state.set(field, integer(score));
  }
  saveEntity(keys, entityKey, state);
};
