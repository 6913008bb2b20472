import type { z } from "zod";
import { ClienteleError } from "./errors.js";
import { illFormedStrings, isWellFormedText } from "./wellFormedText.js";

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
 * fix them all in one go rather than one per round trip. Text must be well-formed wherever it is
 * (see wellFormedText.ts): a lone surrogate or a NUL is named with its field and position, even
 * in a field the schema would drop, because no store can keep it and no read model should meet it.
 */
export const parseOrThrow = <S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> => {
  const textIssues: FieldIssue[] = isWellFormedText(input)
    ? []
    : illFormedStrings(input).map(({ path, message }) => ({ path, message }));
  const result = schema.safeParse(input);
  if (result.success && textIssues.length === 0) return result.data;
  const schemaIssues: FieldIssue[] = result.success
    ? []
    : result.error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message }));
  const issues = [...textIssues, ...schemaIssues];
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  throw new ClienteleError("VALIDATION_FAILED", `Invalid ${what}: ${summary}`, {
    fields: issues.map((i) => i.path),
    issues,
  });
};
