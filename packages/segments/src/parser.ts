import type { Clause, ComparisonOperator, SegmentQuery } from "./ast.js";
import {
  type AttributeSpec,
  attributeNames,
  attributeSpec,
  type ClauseOperator,
  functions,
} from "./attributes.js";
import { type Cursor, createCursor, lowerCaseKeywordHint } from "./cursor.js";
import { parseProductsPurchased } from "./productsPurchased.js";
import type { Token } from "./tokenizer.js";
import { parseBounds, parseValue } from "./values.js";

/** Shopify's limit: a segment query holds at most this many clauses. */
export const maxClauses = 10;
/** Deeper nesting than this is never meaningful with 10 clauses; it also keeps recursion bounded. */
export const maxNesting = 20;

const supported = [...attributeNames, ...functions].join(", ");

const trailingHint = (token: Token): string =>
  token.kind === ")"
    ? " (this `)` closes nothing)"
    : token.kind === ","
      ? " (numbers have no thousands separators: write 1000, not 1,000)"
      : "";

/** The operator and value after an attribute's name, checked against the attribute table. */
const parseCondition = (cursor: Cursor, attribute: string, spec: AttributeSpec): Clause => {
  const operatorToken = cursor.peek();
  const notAllowed = (operator: string): never =>
    cursor.fail(operatorToken, {
      expected: `one of ${spec.operators.join(", ")}`,
      found: `\`${operator}\``,
      summary: `operator ${operator} is not allowed for ${attribute}; expected one of ${spec.operators.join(", ")}`,
    });
  const allow = (operator: ClauseOperator) => {
    if (!spec.operators.includes(operator)) notAllowed(operator);
  };

  if (operatorToken.kind === "operator") {
    allow(operatorToken.text as ClauseOperator);
    cursor.advance();
    const operator = operatorToken.text as ComparisonOperator;
    return {
      kind: "comparison",
      attribute,
      operator,
      value: parseValue(cursor, spec.type, attribute),
    };
  }
  if (cursor.isKeyword(operatorToken, "BETWEEN")) {
    allow("BETWEEN");
    cursor.advance();
    const [low, high] = parseBounds(cursor, spec.type, attribute);
    return { kind: "between", attribute, low, high };
  }
  const contains = (negated: boolean): Clause => {
    allow(negated ? "NOT CONTAINS" : "CONTAINS");
    cursor.advance();
    const value = cursor.expectKind("string", `a quoted string for ${attribute}, such as 'vip'`);
    return { kind: "contains", attribute, negated, value: value.value };
  };
  if (cursor.isKeyword(operatorToken, "CONTAINS")) return contains(false);
  if (cursor.isKeyword(operatorToken, "NOT")) {
    const second = cursor.peekSecond();
    if (cursor.isKeyword(second, "MATCHES")) notAllowed("NOT MATCHES");
    cursor.advance();
    if (cursor.isKeyword(second, "CONTAINS")) return contains(true);
    return cursor.fail(second, { expected: "CONTAINS after NOT" });
  }
  if (cursor.isKeyword(operatorToken, "IS")) {
    cursor.advance();
    const negated = cursor.isKeyword(cursor.peek(), "NOT");
    allow(negated ? "IS NOT NULL" : "IS NULL");
    if (negated) cursor.advance();
    cursor.expectKeyword("NULL", negated ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
    return { kind: "isNull", attribute, negated };
  }
  if (cursor.isKeyword(operatorToken, "MATCHES")) notAllowed("MATCHES");
  return cursor.fail(operatorToken, {
    expected: `an operator for ${attribute} (${spec.operators.join(", ")})${lowerCaseKeywordHint(operatorToken)}`,
  });
};

/**
 * Parses a segment query (the WHERE part of ShopifyQL) into its tree, checking every attribute,
 * operator and value against the attribute table. Throws ClienteleError SEGMENT_QUERY_INVALID
 * with `{ line, column, expected, found, excerpt }` on the first problem; never anything else.
 *
 * @example parseSegmentQuery("customer_tags CONTAINS 'vip' AND amount_spent > 100")
 * // { kind: "and", operands: [{ kind: "contains", ... }, { kind: "comparison", ... }] }
 */
export const parseSegmentQuery = (source: string): SegmentQuery => {
  const cursor = createCursor(source);
  let clauses = 0;

  const parseClause = (): Clause => {
    const start = cursor.advance();
    if (start.kind !== "identifier") {
      return cursor.fail(start, { expected: "an attribute (such as customer_tags) or `(`" });
    }
    clauses++;
    if (clauses > maxClauses) {
      cursor.fail(start, {
        expected: `at most ${maxClauses} clauses`,
        found: `clause ${clauses}`,
        summary: `a segment query has at most ${maxClauses} clauses; this is clause ${clauses}; remove clauses until at most ${maxClauses} remain`,
      });
    }
    if ((functions as readonly string[]).includes(start.text))
      return parseProductsPurchased(cursor);
    const spec = attributeSpec(start.text);
    if (!spec) {
      return cursor.fail(start, {
        expected: `a supported attribute (${supported})`,
        summary: `attribute \`${start.text}\` is not supported; supported attributes are ${supported}`,
      });
    }
    return parseCondition(cursor, start.text, spec);
  };

  const parseTerm = (depth: number): SegmentQuery => {
    const token = cursor.peek();
    if (token.kind !== "(") return parseClause();
    if (depth >= maxNesting) {
      cursor.fail(token, {
        expected: `at most ${maxNesting} levels of parentheses`,
        summary: `parentheses nest deeper than ${maxNesting} levels`,
      });
    }
    cursor.advance();
    const inner = parseOr(depth + 1);
    cursor.expectKind(")", "`)` to close the parenthesis, or AND / OR");
    return inner;
  };

  // AND binds tighter than OR: an OR's operands are ANDs, an AND's operands are terms.
  const parseAnd = (depth: number): SegmentQuery => {
    const operands = [parseTerm(depth)];
    while (cursor.accept("AND")) operands.push(parseTerm(depth));
    return operands.length === 1 ? (operands[0] as SegmentQuery) : { kind: "and", operands };
  };

  const parseOr = (depth: number): SegmentQuery => {
    const operands = [parseAnd(depth)];
    while (cursor.accept("OR")) operands.push(parseAnd(depth));
    return operands.length === 1 ? (operands[0] as SegmentQuery) : { kind: "or", operands };
  };

  const query = parseOr(0);
  const rest = cursor.peek();
  if (rest.kind !== "end") {
    cursor.fail(rest, {
      expected: `AND, OR or the end of the query${trailingHint(rest)}${lowerCaseKeywordHint(rest)}`,
    });
  }
  return query;
};
