/**
 * The parsed form of a segment query. Plain data: no positions, so two spellings of the same query
 * (extra spaces, redundant parentheses) give equal trees, and `printQuery` can round-trip it.
 */
export type SegmentQuery = OrNode | AndNode | Clause;

/** `a OR b OR c`; always two operands or more. */
export interface OrNode {
  readonly kind: "or";
  readonly operands: readonly SegmentQuery[];
}

/** `a AND b AND c`; always two operands or more. */
export interface AndNode {
  readonly kind: "and";
  readonly operands: readonly SegmentQuery[];
}

export type Clause = ComparisonClause | BetweenClause | ContainsClause | NullClause | MatchesClause;

export type ComparisonOperator = "=" | "!=" | ">" | ">=" | "<" | "<=";

export interface ComparisonClause {
  readonly kind: "comparison";
  readonly attribute: string;
  readonly operator: ComparisonOperator;
  readonly value: Value;
}

/** Inclusive at both ends; each bound keeps its own meaning (whole day or exact instant). */
export interface BetweenClause {
  readonly kind: "between";
  readonly attribute: string;
  readonly low: Value;
  readonly high: Value;
}

export interface ContainsClause {
  readonly kind: "contains";
  readonly attribute: string;
  readonly negated: boolean;
  readonly value: string;
}

export interface NullClause {
  readonly kind: "isNull";
  readonly attribute: string;
  /** `IS NOT NULL` */
  readonly negated: boolean;
}

export interface MatchesClause {
  readonly kind: "matches";
  readonly function: "products_purchased";
  /** `NOT MATCHES` */
  readonly negated: boolean;
  /** Empty means "any purchase". */
  readonly params: readonly Param[];
}

export type Param = ParamComparison | ParamBetween | ParamIn;

export interface ParamComparison {
  readonly kind: "comparison";
  readonly name: "id" | "date";
  readonly operator: ComparisonOperator;
  readonly value: Value;
}

export interface ParamBetween {
  readonly kind: "between";
  readonly name: "date";
  readonly low: Value;
  readonly high: Value;
}

export interface ParamIn {
  readonly kind: "in";
  readonly name: "id";
  /** `NOT IN` */
  readonly negated: boolean;
  readonly values: readonly Value[];
}

export type Value =
  /** A decimal literal as canonical text (`10.5`, `0.0000001`): exact, never a rounded float. */
  | { readonly type: "number"; readonly value: string }
  | { readonly type: "string"; readonly value: string }
  /** A product id, kept as its digits so ids beyond 2^53 stay exact. */
  | { readonly type: "productId"; readonly value: string }
  | DateValue;

/** Whole-day values (`date`, `offset`, `named`) and the exact-instant `dateTime`. */
export type DateValue =
  | { readonly type: "date"; readonly value: string }
  | { readonly type: "dateTime"; readonly value: string }
  | { readonly type: "offset"; readonly amount: number; readonly unit: OffsetUnit }
  | { readonly type: "named"; readonly name: NamedDate };

export type OffsetUnit = "d" | "w" | "m" | "y";

export const namedDates = [
  "today",
  "yesterday",
  "7_days_ago",
  "30_days_ago",
  "90_days_ago",
  "12_months_ago",
] as const;
export type NamedDate = (typeof namedDates)[number];
