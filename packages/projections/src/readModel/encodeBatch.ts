import { toWireChange } from "../segmentIndex/wireChange.js";
import { planBatch } from "../view/batchPlan.js";
import { compactBatch } from "../view/compactBatch.js";
import type { ViewOp } from "../view/viewOps.js";
import { wellFormedOps } from "../view/wellFormedOps.js";
import { redisKeys, type ViewBatch } from "./readModelStore.js";

/**
 * Lua's unpack() fails past about 8,000 values, and an error halfway through the script would
 * leave half a batch, so ops carrying many fields or members are split before encoding.
 */
export const maxArgsPerOp = 1000;

const chunks = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += maxArgsPerOp) out.push(items.slice(i, i + maxArgsPerOp));
  return out;
};

const isLarge = (op: ViewOp): boolean => {
  switch (op.op) {
    case "hset": {
      // Counted without Object.entries: nearly every HSET is small, and this runs for each one.
      let count = 0;
      for (const _ in op.fields) if (++count > maxArgsPerOp) return true;
      return false;
    }
    case "hdel":
      return op.fields.length > maxArgsPerOp;
    case "sadd":
    case "srem":
    case "zrem":
      return op.members.length > maxArgsPerOp;
    default:
      return false;
  }
};

const split = (op: ViewOp): ViewOp[] => {
  switch (op.op) {
    case "hset":
      return chunks(Object.entries(op.fields)).map((entries) => ({
        ...op,
        fields: Object.fromEntries(entries),
      }));
    case "hdel":
      return chunks(op.fields).map((fields) => ({ ...op, fields }));
    case "sadd":
    case "srem":
    case "zrem":
      return chunks(op.members).map((members) => ({ ...op, members }));
    default:
      return [op];
  }
};

/**
 * The batch script's arguments (see applyBatch.lua.ts). The plan and the writes travel as one
 * flat JSON array of strings: one argument costs ioredis far less than ~20,000, and a flat
 * array decodes in Lua without a table per op. View keys are relative to the version's prefix,
 * which the script prepends.
 */
export const encodeBatch = (batch: ViewBatch): { keys: string[]; args: string[] } => {
  const plan = planBatch(batch.ops);
  const parts = [String(plan.types.length), String(plan.integerFields.length)];
  for (const { key, type } of plan.types) parts.push(key, type);
  for (const { key, field } of plan.integerFields) parts.push(key, field);

  // One ZADD per key instead of one per member: each call from the script costs about as much
  // as the command, and a batch scores hundreds of members of one key (`updated`). Compaction
  // leaves a key's ops next to each other.
  let zaddKey: string | undefined;
  let zaddCountAt = 0;
  let zaddCount = 0;
  /** Starts a command with `count` arguments; they follow it. */
  const command = (name: string, key: string, count: number) => {
    zaddKey = undefined;
    parts.push(name, key, String(count));
  };
  const list = (name: string, key: string, values: readonly string[]) => {
    command(name, key, values.length);
    for (const value of values) parts.push(value);
  };

  const encode = (op: ViewOp) => {
    switch (op.op) {
      case "zadd":
        if (zaddKey === op.key && zaddCount < maxArgsPerOp) {
          zaddCount += 2;
          parts[zaddCountAt] = String(zaddCount);
        } else {
          command("ZADD", op.key, 2);
          zaddKey = op.key;
          zaddCountAt = parts.length - 1;
          zaddCount = 2;
        }
        parts.push(String(op.score), op.member);
        return;
      case "hset": {
        command("HSET", op.key, 0);
        const countAt = parts.length - 1;
        for (const field in op.fields) parts.push(field, op.fields[field] as string);
        parts[countAt] = String(parts.length - countAt - 1);
        return;
      }
      case "hdel":
        return list("HDEL", op.key, op.fields);
      case "hincrby":
        command("HINCRBY", op.key, 2);
        parts.push(op.field, String(op.by));
        return;
      case "set":
        command("SET", op.key, 1);
        parts.push(op.value);
        return;
      case "del":
        return command("DEL", op.key, 0);
      case "setbit":
        command("SETBIT", op.key, 2);
        parts.push(String(op.offset), String(op.bit));
        return;
      case "zrem":
        return list("ZREM", op.key, op.members);
      case "sadd":
        return list("SADD", op.key, op.members);
      case "srem":
        return list("SREM", op.key, op.members);
      case "hsetindexed":
        zaddKey = undefined;
        parts.push("INDEXED", op.key, op.field, op.value ?? "", op.value === null ? "0" : "1");
        parts.push(op.indexPrefix, op.id);
        return;
      case "dellinked":
        zaddKey = undefined;
        parts.push("LINKED", op.key, op.prefix, op.linkSuffix, op.targetSuffix);
        return;
      case "indexentity":
        zaddKey = undefined;
        parts.push("ENTITY", op.id, JSON.stringify(toWireChange(op.change)));
        return;
    }
  };
  for (const op of compactBatch(batch.ops)) {
    if (isLarge(op)) for (const part of split(op)) encode(part);
    else encode(op);
  }

  const json = JSON.stringify(parts);
  // JSON.stringify escapes only lone surrogates as \udxxx (a typed backslash becomes \\), so
  // the ops are walked only when one may be there, and encoded again with U+FFFD instead.
  if (json.includes("\\ud")) {
    const ops = wellFormedOps(batch.ops);
    if (ops !== batch.ops) return encodeBatch({ ...batch, ops });
  }
  return {
    keys: [redisKeys.checkpoint(batch.projection, batch.version)],
    args: [
      batch.from === undefined ? "" : String(batch.from),
      String(batch.to),
      redisKeys.viewPrefix(batch.projection, batch.version),
      json,
    ],
  };
};
