import type {
  Clause,
  ComparisonOperator,
  DateValue,
  NamedDate,
  OffsetUnit,
  Param,
  SegmentQuery,
  Value,
} from "./ast.js";
import {
  type AttributeType,
  attributeNames,
  attributeSpec,
  type ClauseOperator,
  functions,
} from "./attributes.js";
import { isRealDateTime, isRealDay } from "./dates.js";
import { type Problem, queryError } from "./queryError.js";
import { isDecimalText, keywords, type Token, type TokenKind, tokenize } from "./tokenizer.js";

/** Shopify's limit: a segment query holds at most this many clauses. */
export const maxClauses = 10;
/** Deeper nesting than this is never meaningful with 10 clauses; it also keeps recursion bounded. */
export const maxNesting = 20;

/** Offsets reach back (or forward) at most a century, so every resolved day is a real one. */
const maxOffset: Record<OffsetUnit, number> = { d: 36_600, w: 5_300, m: 1_200, y: 100 };

const dateExpectation =
  "a date (2020-05-30), an offset (-7d, -2w, -1m, -1y, +30d), a named date (today, yesterday) or a date-time (2020-05-30T04:00:00)";

const describe = (token: Token): string =>
  token.kind === "end" ? "end of query" : `\`${token.text}\``;

const lowerCaseKeywordHint = (token: Token): string => {
  const upper = token.text.toUpperCase();
  return token.kind === "identifier" && (keywords as readonly string[]).includes(upper)
    ? ` (keywords are upper case: write ${upper})`
    : "";
};

const trailingHint = (token: Token): string =>
  token.kind === ")"
    ? " (this `)` closes nothing)"
    : token.kind === ","
      ? " (numbers have no thousands separators: write 1000, not 1,000)"
      : "";

/**
 * Parses a segment query (the WHERE part of ShopifyQL) into its tree, checking every attribute,
 * operator and value against the attribute table. Throws ClienteleError SEGMENT_QUERY_INVALID
 * with `{ line, column, expected, found, excerpt }` on the first problem; never anything else.
 *
 * @example parseSegmentQuery("customer_tags CONTAINS 'vip' AND amount_spent > 100")
 * // { kind: "and", operands: [{ kind: "contains", ... }, { kind: "comparison", ... }] }
 */
export const parseSegmentQuery = (source: string): SegmentQuery => {
  const tokens = tokenize(source);
  let index = 0;
  let clauses = 0;

  const peek = (): Token => tokens[index] ?? (tokens[tokens.length - 1] as Token);
  const advance = (): Token => {
    const token = peek();
    if (token.kind !== "end") index++;
    return token;
  };
  const fail = (token: Token, problem: Omit<Problem, "found"> & { found?: string }): never => {
    throw queryError(source, token, { found: describe(token), ...problem });
  };
  const isKeyword = (token: Token, keyword: string): boolean =>
    token.kind === "keyword" && token.text === keyword;
  const expectKind = (kind: TokenKind, expected: string): Token => {
    const token = advance();
    if (token.kind !== kind) fail(token, { expected: `${expected}${lowerCaseKeywordHint(token)}` });
    return token;
  };
  const expectKeyword = (keyword: string, expected = keyword): Token => {
    const token = advance();
    if (!isKeyword(token, keyword)) {
      fail(token, { expected: `${expected}${lowerCaseKeywordHint(token)}` });
    }
    return token;
  };

  const parseOr = (depth: number): SegmentQuery => {
    const operands = [parseAnd(depth)];
    while (isKeyword(peek(), "OR")) {
      advance();
      operands.push(parseAnd(depth));
    }
    return operands.length === 1 ? (operands[0] as SegmentQuery) : { kind: "or", operands };
  };

  const parseAnd = (depth: number): SegmentQuery => {
    const operands = [parseTerm(depth)];
    while (isKeyword(peek(), "AND")) {
      advance();
      operands.push(parseTerm(depth));
    }
    return operands.length === 1 ? (operands[0] as SegmentQuery) : { kind: "and", operands };
  };

  const parseTerm = (depth: number): SegmentQuery => {
    const token = peek();
    if (token.kind === "(") {
      if (depth >= maxNesting) {
        fail(token, {
          expected: `at most ${maxNesting} levels of parentheses`,
          summary: `parentheses nest deeper than ${maxNesting} levels`,
        });
      }
      advance();
      const inner = parseOr(depth + 1);
      expectKind(")", "`)` to close the parenthesis, or AND / OR");
      return inner;
    }
    return parseClause();
  };

  const parseClause = (): Clause => {
    const start = advance();
    if (start.kind !== "identifier") {
      return fail(start, { expected: `an attribute (such as customer_tags) or \`(\`` });
    }
    clauses++;
    if (clauses > maxClauses) {
      fail(start, {
        expected: `at most ${maxClauses} clauses`,
        found: `clause ${clauses}`,
        summary: `a segment query has at most ${maxClauses} clauses; this is clause ${clauses}; remove clauses until at most ${maxClauses} remain`,
      });
    }
    if ((functions as readonly string[]).includes(start.text)) return parseMatches();
    const spec = attributeSpec(start.text);
    if (!spec) {
      return fail(start, {
        expected: `a supported attribute (${[...attributeNames, ...functions].join(", ")})`,
        summary: `attribute \`${start.text}\` is not supported; supported attributes are ${[...attributeNames, ...functions].join(", ")}`,
      });
    }
    const attribute = start.text;
    const operatorToken = peek();
    const notAllowed = (operator: string): never =>
      fail(operatorToken, {
        expected: `one of ${spec.operators.join(", ")}`,
        found: `\`${operator}\``,
        summary: `operator ${operator} is not allowed for ${attribute}; expected one of ${spec.operators.join(", ")}`,
      });
    const allowed = (operator: ClauseOperator) => {
      if (!spec.operators.includes(operator)) notAllowed(operator);
    };

    if (operatorToken.kind === "operator") {
      allowed(operatorToken.text as ClauseOperator);
      advance();
      return {
        kind: "comparison",
        attribute,
        operator: operatorToken.text as ComparisonOperator,
        value: parseValue(spec.type, attribute),
      };
    }
    if (isKeyword(operatorToken, "BETWEEN")) {
      allowed("BETWEEN");
      advance();
      const [low, high] = parseBounds(spec.type, attribute);
      return { kind: "between", attribute, low, high };
    }
    if (isKeyword(operatorToken, "CONTAINS")) {
      allowed("CONTAINS");
      advance();
      return { kind: "contains", attribute, negated: false, value: parseString(attribute) };
    }
    if (isKeyword(operatorToken, "NOT")) {
      const next = tokens[index + 1];
      if (next && isKeyword(next, "CONTAINS")) {
        allowed("NOT CONTAINS");
        index += 2;
        return { kind: "contains", attribute, negated: true, value: parseString(attribute) };
      }
      if (next && isKeyword(next, "MATCHES")) notAllowed("NOT MATCHES");
      advance();
      return fail(peek(), { expected: "CONTAINS after NOT" });
    }
    if (isKeyword(operatorToken, "IS")) {
      advance();
      const negated = isKeyword(peek(), "NOT");
      allowed(negated ? "IS NOT NULL" : "IS NULL");
      if (negated) advance();
      expectKeyword("NULL", negated ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
      return { kind: "isNull", attribute, negated };
    }
    if (isKeyword(operatorToken, "MATCHES")) notAllowed("MATCHES");
    return fail(operatorToken, {
      expected: `an operator for ${attribute} (${spec.operators.join(", ")})${lowerCaseKeywordHint(operatorToken)}`,
    });
  };

  const parseBounds = (type: AttributeType, attribute: string): [Value, Value] => {
    const lowToken = peek();
    const low = parseValue(type, attribute);
    expectKeyword("AND", "AND between the two bounds of BETWEEN");
    const highToken = peek();
    const high = parseValue(type, attribute);
    const mixes = (a: Value, b: Value) => a.type === "dateTime" && b.type === "offset";
    if (mixes(low, high) || mixes(high, low)) {
      fail(low.type === "offset" ? lowToken : highToken, {
        expected:
          low.type === "dateTime"
            ? "a date, named date or date-time to go with the date-time"
            : "a date, named date or offset to go with the offset",
        summary:
          "BETWEEN cannot mix a date-time with an offset; use two date-times, or dates/offsets/named dates",
      });
    }
    return [low, high];
  };

  const parseString = (attribute: string): string =>
    expectKind("string", `a quoted string for ${attribute}, such as 'vip'`).value;

  const parseNumber = (token: Token, attribute: string, integer: boolean): Value => {
    const digits = token.text.replace(/^[+-]/, "");
    const value = Number(token.text) + 0;
    if (token.kind !== "number" || !Number.isFinite(value)) {
      return fail(token, {
        expected: integer
          ? `a whole number for ${attribute}, such as 10`
          : `a number for ${attribute}, such as 10.99 (no thousands separators)`,
      });
    }
    if (integer && (digits.includes(".") || !Number.isSafeInteger(value))) {
      fail(token, { expected: `a whole number for ${attribute}, such as 10` });
    }
    return { type: "number", value };
  };

  const parseDate = (token: Token, attribute: string): DateValue => {
    switch (token.kind) {
      case "date":
        if (!isRealDay(token.text))
          fail(token, { expected: `a real calendar day for ${attribute}` });
        return { type: "date", value: token.text };
      case "dateTime":
        if (!isRealDateTime(token.text)) {
          fail(token, { expected: `a real date-time for ${attribute} (hours 00–23)` });
        }
        return { type: "dateTime", value: token.text };
      case "offset": {
        const unit = token.text.slice(-1) as OffsetUnit;
        const amount = Number(token.text.slice(0, -1)) + 0;
        if (Math.abs(amount) > maxOffset[unit]) {
          fail(token, { expected: `an offset of at most ${maxOffset[unit]}${unit} (100 years)` });
        }
        return { type: "offset", amount, unit };
      }
      case "namedDate":
        return { type: "named", name: token.text as NamedDate };
      default:
        return fail(token, { expected: `${dateExpectation} for ${attribute}` });
    }
  };

  const parseValue = (type: AttributeType, attribute: string): Value => {
    const token = advance();
    switch (type.kind) {
      case "decimal":
        return parseNumber(token, attribute, false);
      case "integer":
        return parseNumber(token, attribute, true);
      case "date":
        return parseDate(token, attribute);
      case "enum": {
        const choices = type.values.map((v) => `'${v}'`).join(", ");
        if (token.kind !== "string" || !type.values.includes(token.value)) {
          fail(token, { expected: `one of ${choices} for ${attribute}` });
        }
        return { type: "string", value: token.value };
      }
      case "string":
      case "list":
        if (token.kind !== "string") fail(token, { expected: `a quoted string for ${attribute}` });
        return { type: "string", value: token.value };
    }
  };

  const parseProductId = (): Value => {
    const token = advance();
    if (token.kind === "number" && isDecimalText(token.text) && !token.text.includes(".")) {
      return { type: "productId", value: token.text };
    }
    if (token.kind === "string" && token.value.length > 0) {
      return { type: "productId", value: token.value };
    }
    return fail(token, { expected: "a product id, such as 2012162031638" });
  };

  const parseMatches = (): Clause => {
    const negated = isKeyword(peek(), "NOT");
    if (negated) advance();
    expectKeyword("MATCHES", negated ? "MATCHES after NOT" : "MATCHES or NOT MATCHES");
    expectKind("(", "`(` to open the parameters of products_purchased");
    const params: Param[] = [];
    if (peek().kind === ")") {
      advance();
      return { kind: "matches", function: "products_purchased", negated, params };
    }
    for (;;) {
      params.push(parseParam());
      const token = advance();
      if (token.kind === ")") break;
      if (token.kind !== ",") fail(token, { expected: "`,` or `)` after a parameter" });
    }
    return { kind: "matches", function: "products_purchased", negated, params };
  };

  const dateParam: AttributeType = { kind: "date" };

  const parseParam = (): Param => {
    const name = advance();
    if (name.kind !== "identifier" || (name.text !== "id" && name.text !== "date")) {
      return fail(name, { expected: "a products_purchased parameter: id or date" });
    }
    const operator = peek();
    if (name.text === "id") {
      if (operator.kind === "operator" && operator.text === "=") {
        advance();
        return { kind: "comparison", name: "id", operator: "=", value: parseProductId() };
      }
      const negated = isKeyword(operator, "NOT");
      if (negated) advance();
      if (!isKeyword(peek(), "IN")) {
        return fail(peek(), { expected: negated ? "IN after id NOT" : "=, IN or NOT IN after id" });
      }
      advance();
      expectKind("(", "`(` to open the list of product ids");
      const values = [parseProductId()];
      for (;;) {
        const token = advance();
        if (token.kind === ")") break;
        if (token.kind !== ",") fail(token, { expected: "`,` or `)` in the list of product ids" });
        values.push(parseProductId());
      }
      return { kind: "in", name: "id", negated, values };
    }
    if (operator.kind === "operator") {
      advance();
      return {
        kind: "comparison",
        name: "date",
        operator: operator.text as ComparisonOperator,
        value: parseDate(advance(), "date"),
      };
    }
    if (isKeyword(operator, "BETWEEN")) {
      advance();
      const [low, high] = parseBounds(dateParam, "date");
      return { kind: "between", name: "date", low, high };
    }
    return fail(operator, { expected: "an operator after date (=, !=, >, >=, <, <=, BETWEEN)" });
  };

  if (peek().kind === "end") {
    return fail(peek(), { expected: "an attribute (such as customer_tags) or `(`" });
  }
  const query = parseOr(0);
  const rest = peek();
  if (rest.kind !== "end") {
    fail(rest, {
      expected: `AND, OR or the end of the query${trailingHint(rest)}${lowerCaseKeywordHint(rest)}`,
    });
  }
  return query;
};
