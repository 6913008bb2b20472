import type { z } from "zod";
import { ClienteleError } from "./errors.js";

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `address.zip`; `(root)` for the whole input. */
  path: string;
  message: string;
  received?: unknown;
}

const pathOf = (path: readonly PropertyKey[]): string =>
  path.length === 0 ? "(root)" : path.map(String).join(".");

/**
 * Parses `input` with `schema` or throws VALIDATION_FAILED naming every bad field, so a caller can
 * fix them all in one go rather than one per round trip.
 */
export const parseOrThrow = <S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> => {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((issue) => ({
    path: pathOf(issue.path),
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  throw new ClienteleError("VALIDATION_FAILED", `Invalid ${what}: ${summary}`, {
    fields: issues.map((i) => i.path),
    issues,
  });
};
