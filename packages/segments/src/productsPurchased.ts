import type { ComparisonOperator, MatchesClause, Param, Value } from "./ast.js";
import type { Cursor } from "./cursor.js";
import { parseBounds, parseDate, parseProductId } from "./values.js";

const parseIdList = (cursor: Cursor): Value[] => {
  cursor.expectKind("(", "`(` to open the list of product ids");
  const values = [parseProductId(cursor)];
  for (;;) {
    const token = cursor.advance();
    if (token.kind === ")") return values;
    if (token.kind !== ",")
      cursor.fail(token, { expected: "`,` or `)` in the list of product ids" });
    values.push(parseProductId(cursor));
  }
};

const parseParam = (cursor: Cursor): Param => {
  const name = cursor.advance();
  if (name.kind !== "identifier" || (name.text !== "id" && name.text !== "date")) {
    return cursor.fail(name, { expected: "a products_purchased parameter: id or date" });
  }
  const operator = cursor.peek();
  if (name.text === "id") {
    if (operator.kind === "operator" && operator.text === "=") {
      cursor.advance();
      return { kind: "comparison", name: "id", operator: "=", value: parseProductId(cursor) };
    }
    const negated = cursor.accept("NOT");
    if (!cursor.accept("IN")) {
      return cursor.fail(cursor.peek(), {
        expected: negated ? "IN after id NOT" : "=, IN or NOT IN after id",
      });
    }
    return { kind: "in", name: "id", negated, values: parseIdList(cursor) };
  }
  if (operator.kind === "operator") {
    cursor.advance();
    const value = parseDate(cursor, "date");
    return {
      kind: "comparison",
      name: "date",
      operator: operator.text as ComparisonOperator,
      value,
    };
  }
  if (cursor.accept("BETWEEN")) {
    const [low, high] = parseBounds(cursor, { kind: "date" }, "date");
    return { kind: "between", name: "date", low, high };
  }
  return cursor.fail(operator, {
    expected: "an operator after date (=, !=, >, >=, <, <=, BETWEEN)",
  });
};

/**
 * The rest of `products_purchased [NOT] MATCHES (param, ...)` once the name is read. Parameters
 * are not clauses: they all apply to the same order line.
 */
export const parseProductsPurchased = (cursor: Cursor): MatchesClause => {
  const negated = cursor.accept("NOT");
  cursor.expectKeyword("MATCHES", negated ? "MATCHES after NOT" : "MATCHES or NOT MATCHES");
  cursor.expectKind("(", "`(` to open the parameters of products_purchased");
  const params: Param[] = [];
  if (cursor.peek().kind !== ")") {
    for (;;) {
      params.push(parseParam(cursor));
      const token = cursor.peek();
      if (token.kind === ")") break;
      if (token.kind !== ",") cursor.fail(token, { expected: "`,` or `)` after a parameter" });
      cursor.advance();
    }
  }
  cursor.advance();
  return { kind: "matches", function: "products_purchased", negated, params };
};
