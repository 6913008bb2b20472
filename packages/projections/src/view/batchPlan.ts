import { ProjectionError } from "../errors.js";
import type { ViewOp } from "./viewOps.js";

/** Redis' names for what a key holds (a bitmap is a string). */
export type ViewType = "string" | "hash" | "set" | "zset";

/**
 * What must hold in the stored view before any op of a batch runs. Redis does not roll back a
 * script that fails halfway (a WRONGTYPE on op 40 keeps ops 1-39), so both stores check these
 * first and refuse the whole batch instead: a batch is all or nothing even when it is wrong.
 */
export interface BatchPlan {
  /** Each key's stored type must be `none` or this. */
  types: Array<{ key: string; type: ViewType }>;
  /** Each stored hash field must be absent or an integer Redis' HINCRBY accepts. */
  integerFields: Array<{ key: string; field: string }>;
}

/** The integers Redis' string2ll parses: no sign on zero, no leading zeros, no spaces. */
export const isRedisInteger = (value: string): boolean =>
  /^(0|-?[1-9][0-9]{0,18})$/.test(value) &&
  BigInt(value) <= 9223372036854775807n &&
  BigInt(value) >= -9223372036854775808n;

const opType: Record<ViewOp["op"], ViewType | undefined> = {
  hset: "hash",
  hdel: "hash",
  hincrby: "hash",
  hsetindexed: "hash",
  dellinked: "set",
  indexentity: undefined,
  set: undefined,
  del: undefined,
  setbit: "string",
  zadd: "zset",
  zrem: "zset",
  sadd: "set",
  srem: "set",
};

/** Unknown until an op in the batch overwrites the key; `none` after a delete. */
type KeyState = "stored" | ViewType | "none";

interface FieldState {
  cleared: boolean;
  /** Whether each field holds an integer, or the value set earlier in the batch, unchecked. */
  integer: Map<string, boolean | string>;
}

const conflict = (key: string, expected: ViewType, found: string, index: number) =>
  new ProjectionError(
    "VIEW_TYPE_CONFLICT",
    `Op ${index} uses "${key}" as a ${expected}, but an earlier op in the batch made it a ${found}. ` +
      "A projection must use each key as one type; delete the key before reusing it.",
    { key, expected, found, opIndex: index },
  );

/**
 * Checks a batch against itself and lists what the stored view must satisfy, so both stores can
 * refuse a bad batch before writing anything. Removal ops (HDEL, SREM, ZREM) may empty a key;
 * the plan conservatively keeps its type, so reusing it as another type needs an explicit delete.
 */
export const planBatch = (ops: readonly ViewOp[]): BatchPlan => {
  const keys = new Map<string, KeyState>();
  const fields = new Map<string, FieldState>();
  const plan: BatchPlan = { types: [], integerFields: [] };
  const checkedFields = new Set<string>();

  const fieldState = (key: string): FieldState => {
    let state = fields.get(key);
    if (!state) {
      state = { cleared: false, integer: new Map() };
      fields.set(key, state);
    }
    return state;
  };

  // Field states only matter to increments; most batches have none and skip that bookkeeping.
  const increments = ops.some((op) => op.op === "hincrby");
  ops.forEach((op, index) => {
    // An index entity op owns its keys (named by values it reads in the batch): nothing to plan.
    if (op.op === "indexentity") return;
    const { key } = op;
    const type = opType[op.op];
    if (type === undefined) {
      keys.set(key, op.op === "set" ? "string" : "none");
      if (increments) fields.set(key, { cleared: true, integer: new Map() });
      return;
    }
    const state = keys.get(key) ?? "stored";
    if (state === "stored") plan.types.push({ key, type });
    else if (state !== "none" && state !== type) throw conflict(key, type, state, index);
    // The keys a dellinked op deletes are only known when it runs; later ops on them are checked
    // against the stored view, which can only refuse more, never less, in both stores alike.
    const removal =
      op.op === "hdel" || op.op === "srem" || op.op === "zrem" || op.op === "dellinked";
    keys.set(key, state === "none" && removal ? "none" : type);

    if (op.op === "hsetindexed") {
      if (increments)
        fieldState(key).integer.set(op.field, op.value === null || isRedisInteger(op.value));
      // The lookup of the new value becomes a string. The lookup of the old value may be
      // deleted; the plan cannot know which key that is, so later ops on it are checked against
      // the stored view, which can only refuse more, never less, and does so in both stores.
      if (op.value !== null) {
        keys.set(op.indexPrefix + op.value, "string");
        if (increments)
          fields.set(op.indexPrefix + op.value, { cleared: true, integer: new Map() });
      }
    } else if (!increments) {
      return;
    } else if (op.op === "hset") {
      const known = fieldState(key);
      // Checked only if an increment follows: most set fields never are.
      for (const [field, value] of Object.entries(op.fields)) known.integer.set(field, value);
    } else if (op.op === "hdel") {
      const known = fieldState(key);
      for (const field of op.fields) known.integer.set(field, true);
    } else if (op.op === "hincrby") {
      const known = fieldState(key);
      const stored = known.integer.get(op.field);
      const integer = typeof stored === "string" ? isRedisInteger(stored) : stored;
      if (integer === false)
        throw new ProjectionError(
          "INVALID_VIEW_OP",
          `Op ${index} increments "${key}".${op.field}, which an earlier op set to a non-integer.`,
          { key, field: op.field, opIndex: index },
        );
      const id = `${key}\u0000${op.field}`;
      if (integer === undefined && !known.cleared && !checkedFields.has(id)) {
        checkedFields.add(id);
        plan.integerFields.push({ key, field: op.field });
      }
      known.integer.set(op.field, true);
    }
  });
  return plan;
};
