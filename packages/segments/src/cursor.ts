import { type Problem, queryError } from "./queryError.js";
import { keywords, type Token, type TokenKind, tokenize } from "./tokenizer.js";

/** Reading position over a query's tokens, and the one way the parser reports a problem. */
export interface Cursor {
  peek(): Token;
  /** The token after the next one, for the two-word operators (`NOT CONTAINS`, `NOT MATCHES`). */
  peekSecond(): Token;
  advance(): Token;
  isKeyword(token: Token, keyword: string): boolean;
  /** Consumes the next token if it is `keyword`; tells whether it did. */
  accept(keyword: string): boolean;
  expectKind(kind: TokenKind, expected: string): Token;
  expectKeyword(keyword: string, expected?: string): Token;
  fail(token: Token, problem: Omit<Problem, "found"> & { found?: string }): never;
}

export const describeToken = (token: Token): string =>
  token.kind === "end" ? "end of query" : `\`${token.text}\``;

/** Analysts used to SQL type `and`; say what to write instead of only "unexpected `and`". */
export const lowerCaseKeywordHint = (token: Token): string => {
  const upper = token.text.toUpperCase();
  return token.kind === "identifier" && (keywords as readonly string[]).includes(upper)
    ? ` (keywords are upper case: write ${upper})`
    : "";
};

export const createCursor = (source: string): Cursor => {
  const tokens = tokenize(source);
  const last = tokens[tokens.length - 1] as Token;
  let index = 0;

  const cursor: Cursor = {
    peek: () => tokens[index] ?? last,
    peekSecond: () => tokens[index + 1] ?? last,
    advance: () => {
      const token = cursor.peek();
      if (token.kind !== "end") index++;
      return token;
    },
    isKeyword: (token, keyword) => token.kind === "keyword" && token.text === keyword,
    accept: (keyword) => {
      const found = cursor.isKeyword(cursor.peek(), keyword);
      if (found) index++;
      return found;
    },
    expectKind: (kind, expected) => {
      const token = cursor.advance();
      if (token.kind !== kind) {
        cursor.fail(token, { expected: `${expected}${lowerCaseKeywordHint(token)}` });
      }
      return token;
    },
    expectKeyword: (keyword, expected = keyword) => {
      const token = cursor.advance();
      if (!cursor.isKeyword(token, keyword)) {
        cursor.fail(token, { expected: `${expected}${lowerCaseKeywordHint(token)}` });
      }
      return token;
    },
    fail: (token, problem) => {
      throw queryError(source, token, { found: describeToken(token), ...problem });
    },
  };
  return cursor;
};
