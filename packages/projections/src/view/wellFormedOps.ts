import { hasLoneSurrogate, withWellFormedText } from "@clientele/core";
import type { ViewOp } from "./viewOps.js";

/**
 * The ops with U+FFFD in place of every lone UTF-16 surrogate, or the ops themselves when they
 * hold none. Both stores apply it, so they keep the same text: Redis' JSON decoder cannot read a
 * lone surrogate (`invalid unicode escape`), and events stored before the boundaries refused
 * such text, or by another writer, must still be projected. Redis runs the check only when the
 * encoded batch may hold one (see encodeBatch.ts): walking every op cost a projector ~7%.
 */
export const wellFormedOps = (ops: readonly ViewOp[]): readonly ViewOp[] =>
  ops.some(hasLoneSurrogate) ? withWellFormedText(ops) : ops;
