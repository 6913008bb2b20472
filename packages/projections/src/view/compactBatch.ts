import { fieldRecord } from "./fieldRecord.js";
import type { ViewOp } from "./viewOps.js";

type FieldChange = { kind: "set"; value: string } | { kind: "incr"; by: bigint } | { kind: "del" };

const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

/** Sets and deletes only, the usual case: the last write of each field wins. */
const foldHashWrites = (key: string, ops: readonly ViewOp[], out: ViewOp[]): void => {
  const set = fieldRecord();
  let deleted: Set<string> | undefined;
  for (const op of ops) {
    if (op.op === "hset")
      for (const field in op.fields) {
        set[field] = op.fields[field] as string;
        deleted?.delete(field);
      }
    else if (op.op === "hdel") {
      deleted ??= new Set();
      for (const field of op.fields) {
        deleted.add(field);
        delete set[field];
      }
    }
  }
  if (deleted && deleted.size > 0) out.push({ op: "hdel", key, fields: [...deleted] });
  for (const _ in set) {
    out.push({ op: "hset", key, fields: set });
    break;
  }
};

const foldHash = (key: string, ops: readonly ViewOp[], out: ViewOp[]): void => {
  if (!ops.some((op) => op.op === "hincrby")) {
    foldHashWrites(key, ops, out);
    return;
  }
  const fields = new Map<string, FieldChange>();
  for (const op of ops) {
    if (op.op === "hset")
      for (const [field, value] of Object.entries(op.fields))
        fields.set(field, { kind: "set", value });
    else if (op.op === "hdel") for (const field of op.fields) fields.set(field, { kind: "del" });
    else if (op.op === "hincrby") {
      const before = fields.get(op.field);
      const by = BigInt(op.by);
      // A field set earlier in the batch holds an integer: planBatch refused the batch otherwise.
      if (!before) fields.set(op.field, { kind: "incr", by });
      else if (before.kind === "incr") fields.set(op.field, { kind: "incr", by: before.by + by });
      else if (before.kind === "del") fields.set(op.field, { kind: "set", value: String(by) });
      else fields.set(op.field, { kind: "set", value: String(BigInt(before.value) + by) });
    }
  }
  const folded: ViewOp[] = [];
  const deleted = [...fields].filter(([, change]) => change.kind === "del").map(([field]) => field);
  if (deleted.length > 0) folded.push({ op: "hdel", key, fields: deleted });
  const set = fieldRecord();
  let anySet = false;
  for (const [field, change] of fields) {
    if (change.kind === "set") {
      set[field] = change.value;
      anySet = true;
    }
    // Even a zero sum stays: HINCRBY by 0 still creates the field (and the key).
    else if (change.kind === "incr") {
      // Past 2^53 the sum cannot travel as a number: keep the ops as written.
      if (change.by > maxSafe || change.by < -maxSafe) {
        out.push(...ops);
        return;
      }
      folded.push({ op: "hincrby", key, field, by: Number(change.by) });
    }
  }
  if (anySet) folded.push({ op: "hset", key, fields: set });
  out.push(...folded);
};

const foldMembers = (
  key: string,
  ops: readonly ViewOp[],
  kind: "set" | "zset",
  out: ViewOp[],
): void => {
  /** true: added, false: removed, a number: scored. */
  const members = new Map<string, number | boolean>();
  for (const op of ops) {
    if (op.op === "sadd") for (const member of op.members) members.set(member, true);
    else if (op.op === "srem" || op.op === "zrem")
      for (const member of op.members) members.set(member, false);
    else if (op.op === "zadd") members.set(op.member, op.score);
  }
  const removed: string[] = [];
  const added: string[] = [];
  for (const [member, state] of members)
    if (state === false) removed.push(member);
    else if (state === true) added.push(member);
  if (removed.length > 0) out.push({ op: kind === "set" ? "srem" : "zrem", key, members: removed });
  if (added.length > 0) out.push({ op: "sadd", key, members: added });
  if (kind === "zset")
    for (const [member, score] of members)
      if (typeof score === "number") out.push({ op: "zadd", key, member, score });
};

const foldBits = (key: string, ops: readonly ViewOp[], out: ViewOp[]): void => {
  const bits = new Map<number, 0 | 1>();
  for (const op of ops) if (op.op === "setbit") bits.set(op.offset, op.bit);
  for (const [offset, bit] of bits) out.push({ op: "setbit", key, offset, bit });
};

const category: Record<ViewOp["op"], string> = {
  hset: "hash",
  hdel: "hash",
  hincrby: "hash",
  sadd: "set",
  srem: "set",
  zadd: "zset",
  zrem: "zset",
  setbit: "string",
  hsetindexed: "barrier",
  dellinked: "barrier",
  indexentity: "barrier",
  set: "reset",
  del: "reset",
};

/** One key's ops since it was last written out; a SET or DEL drops everything before it. */
const foldKey = (key: string, ops: readonly ViewOp[], out: ViewOp[]): void => {
  // Most keys get one op per batch: nothing to fold, and nothing to allocate for it.
  if (ops.length === 1) {
    out.push(ops[0] as ViewOp);
    return;
  }
  let start = 0;
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i] as ViewOp;
    if (op.op === "set" || op.op === "del") {
      out.push(op);
      start = i + 1;
      break;
    }
  }
  const tail = start === 0 ? ops : ops.slice(start);
  if (tail.length <= 1) {
    if (tail[0]) out.push(tail[0]);
    return;
  }
  const kind = category[(tail[0] as ViewOp).op];
  if (tail.some((op) => category[op.op] !== kind)) out.push(...tail);
  else if (kind === "hash") foldHash(key, tail, out);
  else if (kind === "set" || kind === "zset") foldMembers(key, tail, kind, out);
  else foldBits(key, tail, out);
};

/**
 * The same effect in fewer ops: a batch of 500 events often increments one counter 500 times.
 * Ops on different keys commute (each touches one key), and so do ops on different fields or
 * members of one key, so each key folds to at most a few ops. Run it after planBatch, which
 * checks the batch as written. A key used as two types after a reset keeps its ops unchanged.
 *
 * Indexed sets, linked deletes and index-entity ops read the view and touch keys named by what
 * they read, so they are barriers, but only for the keys they can reach: an indexed set for its
 * hash and every key under its lookup prefix, a linked delete for its set and every key under its
 * prefix, an entity op for everything. Ops on other keys fold across them: a directory batch
 * writes each customer's summary once, not once per stretch between two email lookups.
 */
export const compactBatch = (ops: readonly ViewOp[]): ViewOp[] => {
  const out: ViewOp[] = [];
  /** Each key's ops not written out yet, in the order keys first appeared. */
  const open = new Map<string, ViewOp[]>();
  /** For each barrier prefix seen: the open keys under it, so a barrier finds them at once. */
  const underPrefix = new Map<string, Set<string>>();

  const writeOut = (key: string) => {
    const tail = open.get(key);
    if (!tail) return;
    open.delete(key);
    for (const keys of underPrefix.values()) keys.delete(key);
    foldKey(key, tail, out);
  };
  const writeOutPrefix = (prefix: string) => {
    let keys = underPrefix.get(prefix);
    if (!keys) {
      keys = new Set();
      for (const key of open.keys()) if (key.startsWith(prefix)) keys.add(key);
      underPrefix.set(prefix, keys);
    }
    for (const key of [...keys]) writeOut(key);
  };
  // Deleting the entry being visited is safe while iterating a Map.
  const writeOutAll = () => {
    for (const key of open.keys()) writeOut(key);
  };

  for (const op of ops) {
    if (op.op === "indexentity") writeOutAll();
    else if (op.op === "hsetindexed") {
      writeOut(op.key);
      writeOutPrefix(op.indexPrefix);
    } else if (op.op === "dellinked") {
      writeOut(op.key);
      writeOutPrefix(op.prefix);
    } else {
      let tail = open.get(op.key);
      if (!tail) {
        tail = [];
        open.set(op.key, tail);
        for (const [prefix, keys] of underPrefix) if (op.key.startsWith(prefix)) keys.add(op.key);
      }
      tail.push(op);
      continue;
    }
    out.push(op);
  }
  writeOutAll();
  return out;
};
