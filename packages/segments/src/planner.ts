import {
  amountScale,
  type BitmapInstruction,
  indexDayOf,
  instantParts,
  purchasesKey,
  type SegmentDate,
  segmentNumbers,
  segmentValues,
} from "@clientele/projections";
import type {
  Clause,
  ComparisonOperator,
  DateValue,
  MatchesClause,
  SegmentQuery,
  Value,
} from "./ast.js";
import { addDays, type DateContext, resolveDay, zonedInstant } from "./dates.js";
import { scaledDecimal } from "./decimal.js";

/**
 * A segment query as index primitives: value bitmaps, numeric comparisons over range-encoded
 * numbers, order-line scans, and their and/or/not. Plain data, so the same plan runs on every
 * store (one program per shard) and tests can read it.
 */
export type Plan =
  | { kind: "all" }
  | { kind: "none" }
  | { kind: "value"; value: string }
  | { kind: "exists"; part: string }
  | { kind: "compare"; op: "ge" | "le" | "eq"; part: string; bound: number }
  | { kind: "scan"; min: number; max: number; among: string[]; negated: boolean }
  | { kind: "and" | "or"; operands: Plan[] }
  | { kind: "not"; operand: Plan };

const all: Plan = { kind: "all" };
const none: Plan = { kind: "none" };
const value = (v: string): Plan => ({ kind: "value", value: v });
const exists = (part: string): Plan => ({ kind: "exists", part });
const not = (operand: Plan): Plan => ({ kind: "not", operand });
const and = (...operands: Plan[]): Plan => ({ kind: "and", operands });
const or = (...operands: Plan[]): Plan => ({ kind: "or", operands });
const ge = (part: string, bound: number): Plan => ({ kind: "compare", op: "ge", part, bound });
const le = (part: string, bound: number): Plan => ({ kind: "compare", op: "le", part, bound });
const eq = (part: string, bound: number): Plan => ({ kind: "compare", op: "eq", part, bound });

/** Integer comparisons; a missing value (no bit in `exists`) is false whatever the operator. */
const compareInteger = (part: string, operator: ComparisonOperator, bound: number): Plan => {
  switch (operator) {
    case "=":
      return eq(part, bound);
    case "!=":
      return and(exists(part), not(eq(part, bound)));
    case ">":
      return ge(part, bound + 1);
    case ">=":
      return ge(part, bound);
    case "<":
      return le(part, bound - 1);
    case "<=":
      return le(part, bound);
  }
};

/**
 * A decimal literal against an integer index of units of 10^-`digits`: exact at any length. A
 * bound between two units rounds inward; one past every storable value (2^53 - 1 units) is
 * answered without a comparison.
 */
const compareScaled = (part: string, digits: number, operator: ComparisonOperator, v: string) => {
  const { units, exact } = scaledDecimal(v, digits);
  const largest = BigInt(Number.MAX_SAFE_INTEGER);
  if (units > largest || (units === largest && !exact)) {
    const below = operator === "<" || operator === "<=" || operator === "!=";
    return below ? exists(part) : none;
  }
  const bound = Number(units);
  if (exact) return compareInteger(part, operator, bound);
  switch (operator) {
    case "=":
      return none;
    case "!=":
      return exists(part);
    case ">":
    case ">=":
      return ge(part, bound + 1);
    case "<":
    case "<=":
      return le(part, bound);
  }
};

/** Amounts are indexed in ten-thousandths: four decimal digits. */
const amountDigits = String(amountScale).length - 1;

const numberOf = (v: Value): string | undefined => (v.type === "number" ? v.value : undefined);

/** Compares the instant `date` with a date value: whole days on `.day`, instants on both parts. */
const compareDate = (
  date: SegmentDate,
  operator: ComparisonOperator,
  v: DateValue,
  context: DateContext,
): Plan => {
  const dayPart = segmentNumbers.day(date);
  if (v.type !== "dateTime")
    return compareInteger(dayPart, operator, indexDayOf(resolveDay(v, context)));
  const at = zonedInstant(v.value, context.timeZone).getTime();
  const { day, time } = instantParts(at, context.timeZone);
  const timePart = segmentNumbers.time(date);
  const sameDay = (op: ComparisonOperator) =>
    and(eq(dayPart, day), compareInteger(timePart, op, time));
  switch (operator) {
    case "=":
      return sameDay("=");
    case "!=":
      return and(exists(dayPart), not(sameDay("=")));
    case ">":
    case ">=":
      return or(ge(dayPart, day + 1), sameDay(operator));
    case "<":
    case "<=":
      return or(le(dayPart, day - 1), sameDay(operator));
  }
};

const dates: Record<string, SegmentDate> = {
  customer_added_date: "added",
  first_order_date: "firstOrder",
  last_order_date: "lastOrder",
  abandoned_checkout_date: "abandoned",
};

const enumValues: Record<string, (v: string) => string> = {
  email_subscription_status: segmentValues.emailConsent,
  sms_subscription_status: segmentValues.smsConsent,
  customer_account_status: segmentValues.accountStatus,
};

const optionalStrings: Record<string, [(v: string) => string, string]> = {
  customer_email_domain: [segmentValues.emailDomain, segmentValues.hasEmailDomain],
  customer_language: [segmentValues.language, segmentValues.hasLanguage],
};

const lists: Record<string, (v: string) => string> = {
  customer_tags: segmentValues.tag,
  customer_countries: segmentValues.country,
  customer_regions: segmentValues.region,
  customer_cities: segmentValues.city,
};

const scalarComparison = (
  attribute: string,
  operator: ComparisonOperator,
  v: Value,
  context: DateContext,
): Plan => {
  const date = dates[attribute];
  if (date) return compareDate(date, operator, v as DateValue, context);
  const n = numberOf(v);
  if (attribute === "amount_spent" && n !== undefined)
    return compareScaled(segmentNumbers.amount, amountDigits, operator, n);
  if (attribute === "number_of_orders" && n !== undefined)
    return compareScaled(segmentNumbers.orders, 0, operator, n);
  const text = v.type === "string" ? v.value : undefined;
  const enumValue = enumValues[attribute];
  if (enumValue && text !== undefined)
    return operator === "="
      ? value(enumValue(text))
      : operator === "!="
        ? not(value(enumValue(text)))
        : none;
  const optional = optionalStrings[attribute];
  if (optional && text !== undefined) {
    const [named, present] = optional;
    if (operator === "=") return value(named(text));
    if (operator === "!=") return and(value(present), not(value(named(text))));
  }
  // A value of the wrong type never compares true (the parser normally refuses it).
  return none;
};

/** Instants (epoch ms) as a union of closed intervals, for order-line date parameters. */
type Intervals = Array<[number, number]>;
const everything: Intervals = [[-Number.MAX_VALUE, Number.MAX_VALUE]];

const dayStart = (day: string, context: DateContext) =>
  zonedInstant(`${day}T00:00:00`, context.timeZone).getTime();

/** The instants for which `instant <op> v` holds, as [from, to] intervals. */
const dateIntervals = (
  operator: ComparisonOperator,
  v: DateValue,
  context: DateContext,
): Intervals => {
  let first: number;
  let last: number;
  if (v.type === "dateTime") {
    first = zonedInstant(v.value, context.timeZone).getTime();
    last = first;
  } else {
    const day = resolveDay(v, context);
    first = dayStart(day, context);
    last = dayStart(addDays(day, 1), context) - 1;
  }
  const low = -Number.MAX_VALUE;
  const high = Number.MAX_VALUE;
  switch (operator) {
    case "=":
      return [[first, last]];
    case "!=":
      return [
        [low, first - 1],
        [last + 1, high],
      ];
    case ">":
      return [[last + 1, high]];
    case ">=":
      return [[first, high]];
    case "<":
      return [[low, first - 1]];
    case "<=":
      return [[low, last]];
  }
};

const intersect = (a: Intervals, b: Intervals): Intervals =>
  a.flatMap(([a1, a2]) =>
    b.flatMap(([b1, b2]): Intervals => {
      const from = Math.max(a1, b1);
      const to = Math.min(a2, b2);
      return from <= to ? [[from, to]] : [];
    }),
  );

/**
 * `products_purchased`: one order line must satisfy every parameter. Product ids alone use the
 * per-product bitmaps; a single open-ended date uses the first/last purchase dates; anything else
 * scans the order lines in the date range (cost grows with the lines scanned).
 */
const productsPurchased = (clause: MatchesClause, context: DateContext): Plan => {
  let allowed: Set<string> | undefined;
  const excluded = new Set<string>();
  let instants = everything;
  const dateParams: Array<{ operator: ComparisonOperator; value: DateValue }> = [];
  for (const param of clause.params) {
    if (param.name === "id") {
      const ids = (
        param.kind === "in" ? param.values : param.kind === "comparison" ? [param.value] : []
      )
        .filter((v) => v.type === "productId")
        .map((v) => v.value as string);
      const negated =
        param.kind === "in" ? param.negated : param.kind === "comparison" && param.operator !== "=";
      if (negated) for (const id of ids) excluded.add(id);
      else allowed = new Set(ids.filter((id) => !allowed || allowed.has(id)));
    } else if (param.kind === "between") {
      instants = intersect(
        intersect(instants, dateIntervals(">=", param.low as DateValue, context)),
        dateIntervals("<=", param.high as DateValue, context),
      );
      dateParams.push(
        { operator: ">=", value: param.low as DateValue },
        { operator: "<=", value: param.high as DateValue },
      );
    } else if (param.kind === "comparison") {
      instants = intersect(
        instants,
        dateIntervals(param.operator, param.value as DateValue, context),
      );
      dateParams.push({ operator: param.operator, value: param.value as DateValue });
    }
  }
  const products = allowed ? [...allowed].filter((id) => !excluded.has(id)) : undefined;
  let plan: Plan;
  if (products?.length === 0 || instants.length === 0) plan = none;
  else if (dateParams.length === 0 && excluded.size === 0)
    plan = products
      ? or(...products.map((id) => value(segmentValues.product(id))))
      : value(segmentValues.purchased);
  else if (
    !products &&
    excluded.size === 0 &&
    dateParams.length === 1 &&
    dateParams[0] &&
    dateParams[0].operator !== "=" &&
    dateParams[0].operator !== "!="
  ) {
    // Some line is after X exactly when the last one is; before X when the first one is.
    const { operator, value: v } = dateParams[0];
    plan = compareDate(
      operator.startsWith(">") ? "lastPurchase" : "firstPurchase",
      operator,
      v,
      context,
    );
  } else
    plan = or(
      ...instants.map(
        ([min, max]): Plan => ({
          kind: "scan",
          min,
          max,
          among: products ?? [...excluded],
          negated: !products,
        }),
      ),
    );
  return clause.negated ? not(plan) : plan;
};

const clausePlan = (clause: Clause, context: DateContext): Plan => {
  switch (clause.kind) {
    case "comparison":
      return scalarComparison(clause.attribute, clause.operator, clause.value, context);
    case "between":
      return and(
        scalarComparison(clause.attribute, ">=", clause.low, context),
        scalarComparison(clause.attribute, "<=", clause.high, context),
      );
    case "contains": {
      const named = lists[clause.attribute];
      if (!named) return none;
      const present = value(named(clause.value));
      return clause.negated ? not(present) : present;
    }
    case "isNull": {
      const date = dates[clause.attribute];
      const present =
        clause.attribute === "customer_cities"
          ? value(segmentValues.hasCity)
          : date
            ? exists(segmentNumbers.day(date))
            : none;
      return clause.negated ? present : not(present);
    }
    case "matches":
      return productsPurchased(clause, context);
  }
};

/**
 * Estimated share of customers a plan keeps, from its shape alone (the index keeps no statistics):
 * exact numbers and single products are rare, tags and places uncommon, ranges broad.
 */
const selectivity = (plan: Plan): number => {
  switch (plan.kind) {
    case "none":
      return 0;
    case "all":
      return 1;
    case "compare":
      return plan.op === "eq" ? 0.01 : 0.4;
    case "scan":
      return 0.05;
    case "value":
      return plan.value.startsWith(segmentValues.product(""))
        ? 0.01
        : /^(email|sms|account|has-)/.test(plan.value)
          ? 0.3
          : 0.1;
    case "exists":
      return 0.9;
    case "not":
      return 1 - selectivity(plan.operand);
    case "and":
      return Math.min(...plan.operands.map(selectivity));
    case "or":
      return Math.min(
        1,
        plan.operands.reduce((sum, operand) => sum + selectivity(operand), 0),
      );
  }
};

/** Flattens nested and/or, folds constants, and puts the most selective operands first. */
const simplify = (plan: Plan): Plan => {
  if (plan.kind === "not") {
    const operand = simplify(plan.operand);
    if (operand.kind === "none") return all;
    if (operand.kind === "all") return none;
    if (operand.kind === "not")
      return operand.operand.kind === "all" ? all : and(all, operand.operand);
    return not(operand);
  }
  if (plan.kind !== "and" && plan.kind !== "or") return plan;
  const identity = plan.kind === "and" ? "all" : "none";
  const absorbing = plan.kind === "and" ? "none" : "all";
  const operands: Plan[] = [];
  for (const operand of plan.operands.map(simplify)) {
    if (operand.kind === absorbing) return operand;
    if (operand.kind === identity) continue;
    if (operand.kind === plan.kind) operands.push(...operand.operands);
    else operands.push(operand);
  }
  if (operands.length === 0) return { kind: identity };
  if (operands.length === 1) return operands[0] as Plan;
  return { kind: plan.kind, operands: operands.sort((a, b) => selectivity(a) - selectivity(b)) };
};

/**
 * Turns a parsed query into a plan over the segment index, resolving relative dates against
 * `context.now` in the store's time zone.
 *
 * @example planSegmentQuery(parseSegmentQuery("customer_tags CONTAINS 'vip'"), { timeZone: "UTC", now: new Date() })
 */
export const planSegmentQuery = (query: SegmentQuery, context: DateContext): Plan => {
  const plan = (q: SegmentQuery): Plan =>
    q.kind === "and"
      ? and(...q.operands.map(plan))
      : q.kind === "or"
        ? or(...q.operands.map(plan))
        : clausePlan(q, context);
  return simplify(plan(query));
};

/** The plan as the stack program every shard runs (postfix: operands, then the operation). */
export const planProgram = (plan: Plan): BitmapInstruction[] => {
  switch (plan.kind) {
    case "all":
      return [{ op: "value", value: "all" }];
    case "none":
      return [{ op: "none" }];
    case "value":
      return [{ op: "value", value: plan.value }];
    case "exists":
      return [{ op: "exists", part: plan.part }];
    case "compare":
      return [{ op: plan.op, part: plan.part, bound: plan.bound }];
    case "scan":
      return [
        {
          op: "scan",
          key: purchasesKey,
          min: plan.min,
          max: plan.max,
          among: plan.among,
          negated: plan.negated,
        },
      ];
    case "not":
      return [...planProgram(plan.operand), { op: "not" }];
    case "and":
    case "or":
      return [
        ...plan.operands.flatMap(planProgram),
        { op: plan.kind, count: plan.operands.length },
      ];
  }
};
