import { hasLoneSurrogate, withWellFormedText } from "@clientele/core";
import { ProjectionError } from "../errors.js";
import type { ViewOp } from "./viewOps.js";

/**
 * Both stores refuse a batch that would write a lone surrogate (INVALID_VIEW_OP, nothing
 * applied): Redis' JSON decoder cannot read one, and the in-memory store refuses it too so the
 * two never disagree. Events never cause this (projections see U+FFFD in place of lone
 * surrogates, see applyEvents.ts); text a projection makes up itself can.
 */
export const refuseIllFormedOps = (ops: readonly ViewOp[]): void => {
  const bad = ops.find(hasLoneSurrogate);
  if (!bad) return;
  const key = withWellFormedText(bad.key);
  throw new ProjectionError(
    "INVALID_VIEW_OP",
    `The ${bad.op} of view key "${key}" holds a lone UTF-16 surrogate; read models keep well-formed text only.`,
    { key, op: bad.op },
  );
};
