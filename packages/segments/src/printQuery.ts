import type { Param, SegmentQuery, Value } from "./ast.js";

const quote = (s: string): string => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

const printValue = (value: Value): string => {
  switch (value.type) {
    case "number":
      return value.value;
    case "string":
      return quote(value.value);
    case "productId":
      return /^[0-9]+$/.test(value.value) ? value.value : quote(value.value);
    case "date":
    case "dateTime":
      return value.value;
    case "offset":
      return `${value.amount < 0 ? "-" : "+"}${Math.abs(value.amount)}${value.unit}`;
    case "named":
      return value.name;
  }
};

const printParam = (param: Param): string => {
  switch (param.kind) {
    case "comparison":
      return `${param.name} ${param.operator} ${printValue(param.value)}`;
    case "between":
      return `${param.name} BETWEEN ${printValue(param.low)} AND ${printValue(param.high)}`;
    case "in":
      return `${param.name} ${param.negated ? "NOT IN" : "IN"} (${param.values.map(printValue).join(", ")})`;
  }
};

/** Parentheses only where the tree needs them, so printing then parsing gives the same tree. */
const printOperand = (operand: SegmentQuery, parent: "and" | "or"): string => {
  const text = printQuery(operand);
  const needsParens = operand.kind === parent || (parent === "and" && operand.kind === "or");
  return needsParens ? `(${text})` : text;
};

/**
 * The query as text an analyst could have typed; `parseSegmentQuery(printQuery(q))` equals `q`.
 *
 * @example printQuery(parseSegmentQuery("amount_spent>10  AND(customer_tags CONTAINS 'vip')"))
 * // "amount_spent > 10 AND customer_tags CONTAINS 'vip'"
 */
export const printQuery = (query: SegmentQuery): string => {
  switch (query.kind) {
    case "or":
    case "and":
      return query.operands
        .map((operand) => printOperand(operand, query.kind))
        .join(` ${query.kind.toUpperCase()} `);
    case "comparison":
      return `${query.attribute} ${query.operator} ${printValue(query.value)}`;
    case "between":
      return `${query.attribute} BETWEEN ${printValue(query.low)} AND ${printValue(query.high)}`;
    case "contains":
      return `${query.attribute} ${query.negated ? "NOT CONTAINS" : "CONTAINS"} ${quote(query.value)}`;
    case "isNull":
      return `${query.attribute} ${query.negated ? "IS NOT NULL" : "IS NULL"}`;
    case "matches":
      return `${query.function} ${query.negated ? "NOT MATCHES" : "MATCHES"} (${query.params.map(printParam).join(", ")})`;
  }
};
