import { ProjectionError } from "../errors.js";
import type { ReadModelStore } from "./readModelStore.js";

/** Mistakes in code (ours or the caller's), not answers from Redis: they keep their own type. */
const programmingErrors = ["TypeError", "RangeError", "ReferenceError", "SyntaxError"];

/**
 * What reaches a caller instead of an ioredis error: READ_MODEL_REFUSED when Redis answered
 * with an error (`ReplyError`: a refused script, WRONGTYPE, OOM...), READ_MODEL_UNAVAILABLE when
 * there was no answer (connection refused or closed, retries exhausted). Both keep Redis' own
 * words in `details.reply` / `details.cause` for the operator.
 */
export const readModelError = (error: unknown, operation: string): unknown => {
  if (error instanceof ProjectionError) return error;
  if (error instanceof Error && programmingErrors.includes(error.name)) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === "ReplyError")
    return new ProjectionError("READ_MODEL_REFUSED", `Redis refused ${operation}: ${message}`, {
      operation,
      reply: message,
    });
  return new ProjectionError(
    "READ_MODEL_UNAVAILABLE",
    `Redis did not answer ${operation}: ${message}. Check that it is running and reachable, then retry.`,
    { operation, cause: message },
  );
};

/** The same store, every method's failure turned into a typed error by `readModelError`. */
export const withTypedRedisErrors = (store: ReadModelStore): ReadModelStore => {
  const typed = {} as Record<string, unknown>;
  for (const [operation, method] of Object.entries(store) as Array<
    [string, (...args: unknown[]) => Promise<unknown>]
  >) {
    typed[operation] = (...args: unknown[]) => {
      try {
        return method(...args).catch((error: unknown) => {
          throw readModelError(error, operation);
        });
      } catch (error) {
        return Promise.reject(readModelError(error, operation));
      }
    };
  }
  return typed as unknown as ReadModelStore;
};
