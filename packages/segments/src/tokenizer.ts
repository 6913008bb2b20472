import { ClienteleError, illFormedSpotIn } from "@clientele/core";
import { queryError } from "./queryError.js";

export const keywords = [
  "AND",
  "OR",
  "NOT",
  "BETWEEN",
  "CONTAINS",
  "IS",
  "NULL",
  "MATCHES",
  "IN",
] as const;
export type Keyword = (typeof keywords)[number];

export type TokenKind =
  | "keyword"
  | "identifier"
  | "string"
  | "number"
  | "date"
  | "dateTime"
  | "offset"
  | "namedDate"
  | "operator"
  | "("
  | ")"
  | ","
  /** Something no rule recognises (`1pm`, `@`); the parser reports it with what it expected. */
  | "unknown"
  | "end";

export interface Token {
  readonly kind: TokenKind;
  /** The source text, exactly as typed (strings with their quotes). */
  readonly text: string;
  /** The decoded string for `string` tokens; the text otherwise. */
  readonly value: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

const keywordSet: ReadonlySet<string> = new Set(keywords);
const deprecatedNamedDates: ReadonlySet<string> = new Set([
  "7_days_ago",
  "30_days_ago",
  "90_days_ago",
  "12_months_ago",
]);

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isLetter = (c: string | undefined): boolean =>
  c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z"));
const isIdentifierPart = (c: string | undefined): boolean =>
  isLetter(c) || isDigit(c) || c === "_" || c === ".";
/** Characters a literal starting with a digit may run over: dates, date-times, decimals, `7_days_ago`. */
const isLiteralPart = (c: string | undefined): boolean =>
  isIdentifierPart(c) || c === "-" || c === ":";
const isSpace = (c: string | undefined): boolean =>
  c === " " || c === "\t" || c === "\n" || c === "\r";

const allDigits = (s: string): boolean => s.length > 0 && [...s].every(isDigit);

/**
 * A query is text, and well-formed text: a lone surrogate or a NUL could never match a stored
 * value (the stores refuse them) and Redis' JSON decoder cannot read one, so it is refused at its
 * line and column like any other mistake, before anything is evaluated.
 */
const refuseUnreadableSource = (source: unknown): void => {
  if (typeof source !== "string") {
    const found = source === null ? "null" : Array.isArray(source) ? "an array" : typeof source;
    throw new ClienteleError(
      "SEGMENT_QUERY_INVALID",
      `Invalid segment query: expected the query as text, found ${found}.`,
      { line: 1, column: 1, expected: "the query as text", found, excerpt: "" },
    );
  }
  const spot = illFormedSpotIn(source);
  if (!spot) return;
  const before = source.slice(0, spot.position);
  const line = before.split("\n").length;
  const column = spot.position - (before.lastIndexOf("\n") + 1) + 1;
  throw queryError(
    source,
    { line, column, offset: spot.position },
    {
      expected: "well-formed text",
      found:
        spot.codeUnit === "\\u0000"
          ? "a NUL character (\\u0000)"
          : `a lone surrogate (${spot.codeUnit})`,
      summary: `the query ${spot.message.replace(/ at position \d+/, "")}`,
    },
  );
};

/** `123` or `123.45` (no sign, no exponent, no thousands separators). */
export const isDecimalText = (s: string): boolean => {
  const [whole = "", fraction, ...rest] = s.split(".");
  return rest.length === 0 && allDigits(whole) && (fraction === undefined || allDigits(fraction));
};

/** Shape only (`yyyy-mm-dd`); whether the day exists is the parser's question. */
const isDateText = (s: string): boolean =>
  s.length === 10 &&
  s[4] === "-" &&
  s[7] === "-" &&
  allDigits(s.slice(0, 4)) &&
  allDigits(s.slice(5, 7)) &&
  allDigits(s.slice(8, 10));

const isDateTimeText = (s: string): boolean =>
  s.length === 19 &&
  isDateText(s.slice(0, 10)) &&
  s[10] === "T" &&
  s[13] === ":" &&
  s[16] === ":" &&
  allDigits(s.slice(11, 13)) &&
  allDigits(s.slice(14, 16)) &&
  allDigits(s.slice(17, 19));

const isOffsetText = (s: string): boolean =>
  s.length >= 3 &&
  (s[0] === "+" || s[0] === "-") &&
  "dwmy".includes(s[s.length - 1] ?? "") &&
  allDigits(s.slice(1, -1));

const classifyLiteral = (text: string): TokenKind => {
  if (isDecimalText(text)) return "number";
  if (isDateText(text)) return "date";
  if (isDateTimeText(text)) return "dateTime";
  if (deprecatedNamedDates.has(text)) return "namedDate";
  return "unknown";
};

const classifySigned = (text: string): TokenKind => {
  if (isOffsetText(text)) return "offset";
  if (isDecimalText(text.slice(1))) return "number";
  return "unknown";
};

const classifyWord = (text: string): TokenKind => {
  if (keywordSet.has(text)) return "keyword";
  if (text === "today" || text === "yesterday") return "namedDate";
  return "identifier";
};

/**
 * Splits a segment query into tokens, each with its line, column and offset. Runs in one pass
 * over the text (every character is looked at a bounded number of times), so any input, however
 * hostile, finishes in linear time. Only an unterminated string is an error here; anything else
 * unrecognised becomes an `unknown` token for the parser to report with what it expected.
 *
 * @example tokenize("amount_spent > 10").map((t) => t.kind) // ["identifier", "operator", "number", "end"]
 */
export const tokenize = (source: string): Token[] => {
  refuseUnreadableSource(source);
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const push = (
    kind: TokenKind,
    start: number,
    startLine: number,
    startColumn: number,
    value?: string,
  ) => {
    const text = source.slice(start, i);
    tokens.push({
      kind,
      text,
      value: value ?? text,
      offset: start,
      line: startLine,
      column: startColumn,
    });
  };
  const runWhile = (accept: (c: string | undefined) => boolean) => {
    while (i < source.length && accept(source[i])) i++;
  };

  while (i < source.length) {
    const c = source[i];
    if (isSpace(c)) {
      if (c === "\n") {
        line++;
        lineStart = i + 1;
      }
      i++;
      continue;
    }
    const start = i;
    const startLine = line;
    const column = i - lineStart + 1;
    const next = source[i + 1];

    if (c === "'") {
      let value = "";
      i++;
      for (;;) {
        const d = source[i];
        if (d === undefined) {
          throw queryError(
            source,
            { line: startLine, column, offset: start },
            {
              expected: "a closing quote `'` for the string opened here",
              found: "end of query",
            },
          );
        }
        if (d === "\\" && (source[i + 1] === "'" || source[i + 1] === "\\")) {
          value += source[i + 1];
          i += 2;
          continue;
        }
        if (d === "\n") {
          line++;
          lineStart = i + 1;
        }
        i++;
        if (d === "'") break;
        value += d;
      }
      push("string", start, startLine, column, value);
    } else if (c === "(" || c === ")" || c === ",") {
      i++;
      push(c, start, startLine, column);
    } else if (c === "=") {
      i++;
      push("operator", start, startLine, column);
    } else if (c === "!" || c === "<" || c === ">") {
      i += next === "=" ? 2 : 1;
      push(c === "!" && next !== "=" ? "unknown" : "operator", start, startLine, column);
    } else if ((c === "+" || c === "-") && isDigit(next)) {
      i++;
      runWhile(isIdentifierPart);
      push(classifySigned(source.slice(start, i)), start, startLine, column);
    } else if (isDigit(c)) {
      runWhile(isLiteralPart);
      push(classifyLiteral(source.slice(start, i)), start, startLine, column);
    } else if (isLetter(c) || c === "_") {
      runWhile(isIdentifierPart);
      push(classifyWord(source.slice(start, i)), start, startLine, column);
    } else {
      // One code point, so a stray emoji is reported whole rather than as half a surrogate pair.
      i += (source.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
      push("unknown", start, startLine, column);
    }
  }
  tokens.push({ kind: "end", text: "", value: "", offset: i, line, column: i - lineStart + 1 });
  return tokens;
};
