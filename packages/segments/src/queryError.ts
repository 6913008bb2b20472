import { ClienteleError, withWellFormedText } from "@clientele/core";

export interface SourcePosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export interface Problem {
  /** What the language allows at this spot, in words ("a number such as 10.99"). */
  readonly expected: string;
  /** What was there (`1pm`, "end of query"). */
  readonly found: string;
  /** A sentence that replaces "expected …, found …" when that reads badly. */
  readonly summary?: string;
}

/**
 * The query line holding `position`, with a caret under the column (tabs kept so it lines up).
 * Ill-formed text shows as U+FFFD and NUL as U+2400 (one code unit each, so the caret stays put):
 * the message must itself be printable and serialisable.
 */
export const excerptAt = (source: string, position: SourcePosition): string => {
  const raw = source.split(/\r?\n/)[position.line - 1] ?? "";
  const lineText = withWellFormedText(raw).replace(/\0/g, "\u2400");
  const before = lineText.slice(0, position.column - 1).replace(/[^\t]/g, " ");
  return `${lineText}\n${before}^`;
};

/**
 * A SEGMENT_QUERY_INVALID error in zod's manner: what was expected, what was found, where.
 * `details` is `{ line, column, expected, found, excerpt }` for programs (an editor can underline
 * the spot); the message repeats it for people.
 */
export const queryError = (
  source: string,
  position: SourcePosition,
  problem: Problem,
): ClienteleError => {
  const excerpt = excerptAt(source, position);
  const summary = problem.summary ?? `expected ${problem.expected}, found ${problem.found}`;
  return new ClienteleError(
    "SEGMENT_QUERY_INVALID",
    `Invalid segment query at line ${position.line}, column ${position.column}: ${summary}.\n${excerpt}`,
    {
      line: position.line,
      column: position.column,
      expected: problem.expected,
      found: problem.found,
      excerpt,
    },
  );
};
