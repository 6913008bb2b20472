import { indexKeys, unitSeparator } from "./indexEntity.js";
import type { WireChange } from "./wireChange.js";

/** The few Redis commands the routine needs, over the in-memory store's keys. */
export interface IndexKeyspace {
  hget(key: string, field: string): string | undefined;
  hgetall(key: string): Record<string, string>;
  hset(key: string, field: string, value: string): void;
  hdel(key: string, field: string): void;
  del(key: string): void;
  setbit(key: string, offset: number, bit: 0 | 1): void;
  zadd(key: string, score: number, member: string): void;
  zrem(key: string, member: string): void;
}

const integer = (n: number) => n.toFixed(0);

const writeNumber = (
  keys: IndexKeyspace,
  entityKey: string,
  ordinal: number,
  part: string,
  next: number | undefined,
): void => {
  const stored = keys.hget(entityKey, `q:${part}`);
  const old = stored === undefined ? undefined : Number(stored);
  if (old === next) return;
  let o = old ?? 0;
  let n = next ?? 0;
  let bit = 0;
  while (o > 0 || n > 0) {
    const ob = o % 2;
    const nb = n % 2;
    if (ob !== nb) keys.setbit(indexKeys.slice(part, bit), ordinal, nb as 0 | 1);
    o = (o - ob) / 2;
    n = (n - nb) / 2;
    bit++;
  }
  if (next !== undefined) {
    if (old === undefined) keys.setbit(indexKeys.exists(part), ordinal, 1);
    keys.hset(entityKey, `q:${part}`, integer(next));
    const width = Number(keys.hget(indexKeys.meta, `w:${part}`) ?? "0");
    if (bit > width) keys.hset(indexKeys.meta, `w:${part}`, String(bit));
  } else {
    keys.setbit(indexKeys.exists(part), ordinal, 0);
    keys.hdel(entityKey, `q:${part}`);
  }
};

/** The `indexentity` op in memory: the same steps as indexEntity.lua.ts, in the same order. */
export const applyIndexEntity = (keys: IndexKeyspace, id: string, change: WireChange): void => {
  const entityKey = indexKeys.entity(id);
  const stored = keys.hget(entityKey, "o");
  if (change.remove) {
    if (stored === undefined) return;
    const ordinal = Number(stored);
    for (const field of Object.keys(keys.hgetall(entityKey))) {
      const kind = field.slice(0, 2);
      const name = field.slice(2);
      if (kind === "r:") keys.setbit(indexKeys.value(name), ordinal, 0);
      else if (kind === "q:") writeNumber(keys, entityKey, ordinal, name, undefined);
      else if (kind === "z:") {
        const cut = name.indexOf(unitSeparator);
        keys.zrem(name.slice(0, cut), name.slice(cut + 1));
      }
    }
    keys.hdel(indexKeys.ids, integer(ordinal));
    keys.del(entityKey);
    return;
  }
  let ordinal: number;
  if (stored !== undefined) ordinal = Number(stored);
  else {
    ordinal = Number(keys.hget(indexKeys.meta, "next") ?? "0");
    keys.hset(indexKeys.meta, "next", String(ordinal + 1));
    keys.hset(entityKey, "o", integer(ordinal));
    keys.hset(indexKeys.ids, integer(ordinal), id);
  }
  for (const [name, values] of change.slots) {
    const delta = new Map<string, number>();
    const previous = keys.hget(entityKey, `s:${name}`);
    for (const value of previous ? previous.split(unitSeparator) : [])
      delta.set(value, (delta.get(value) ?? 0) - 1);
    for (const value of values) delta.set(value, (delta.get(value) ?? 0) + 1);
    for (const [value, by] of delta) {
      if (by === 0) continue;
      const count = Number(keys.hget(entityKey, `r:${value}`) ?? "0") + by;
      if (count <= 0) {
        keys.hdel(entityKey, `r:${value}`);
        keys.setbit(indexKeys.value(value), ordinal, 0);
      } else {
        keys.hset(entityKey, `r:${value}`, String(count));
        if (count - by <= 0) keys.setbit(indexKeys.value(value), ordinal, 1);
      }
    }
    if (values.length === 0) keys.hdel(entityKey, `s:${name}`);
    else keys.hset(entityKey, `s:${name}`, values.join(unitSeparator));
  }
  for (const number of change.numbers) {
    if (number.mode === "add") {
      const current = Number(keys.hget(entityKey, `q:${number.name}`) ?? "0");
      writeNumber(keys, entityKey, ordinal, number.name, current + number.value);
      continue;
    }
    const stored = keys.hget(entityKey, `n:${number.name}`);
    const current = stored === undefined ? undefined : Number(stored);
    const wins =
      current === undefined ||
      number.mode === "set" ||
      (number.mode === "max" && number.value > current) ||
      (number.mode === "min" && number.value < current);
    if (!wins) continue;
    keys.hset(entityKey, `n:${number.name}`, integer(number.value));
    for (const [part, value] of number.parts) writeNumber(keys, entityKey, ordinal, part, value);
  }
  for (const [key, suffix, score] of change.entries) {
    const member = `${integer(ordinal)}${unitSeparator}${suffix}`;
    keys.zadd(key, score, member);
    keys.hset(entityKey, `z:${key}${unitSeparator}${member}`, "1");
  }
};
