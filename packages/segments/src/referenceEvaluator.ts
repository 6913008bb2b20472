import { canonicalProductId } from "@clientele/core";
import type { Clause, ComparisonOperator, DateValue, Param, SegmentQuery, Value } from "./ast.js";
import { compareToDateValue, type DateContext } from "./dates.js";
import { compareDecimals, decimalOfNumber } from "./decimal.js";
import type { Purchase, SegmentProfile } from "./profile.js";

/**
 * The meaning of a segment query, written to be obviously right rather than fast: planners and
 * projection-backed evaluators are checked against it.
 */

type Scalar = number | string | Date | undefined;

const holds = (order: number, operator: ComparisonOperator): boolean => {
  switch (operator) {
    case "=":
      return order === 0;
    case "!=":
      return order !== 0;
    case ">":
      return order > 0;
    case ">=":
      return order >= 0;
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
  }
};

const instant = (iso: string | undefined): Date | undefined =>
  iso === undefined ? undefined : new Date(iso);

const scalarOf = (attribute: string, profile: SegmentProfile): Scalar => {
  switch (attribute) {
    case "amount_spent":
      return profile.amountSpent;
    case "number_of_orders":
      return profile.numberOfOrders;
    case "customer_added_date":
      return instant(profile.customerAddedAt);
    case "first_order_date":
      return instant(profile.firstOrderAt);
    case "last_order_date":
      return instant(profile.lastOrderAt);
    case "abandoned_checkout_date":
      return instant(profile.lastAbandonedCheckoutAt);
    case "email_subscription_status":
      return profile.emailSubscriptionStatus;
    case "sms_subscription_status":
      return profile.smsSubscriptionStatus;
    case "customer_account_status":
      return profile.accountStatus;
    case "customer_email_domain":
      return profile.emailDomain;
    case "customer_language":
      return profile.language;
    default:
      throw new Error(`No scalar attribute ${attribute}: the parser lets none through`);
  }
};

const listOf = (attribute: string, profile: SegmentProfile): readonly string[] => {
  switch (attribute) {
    case "customer_tags":
      return profile.tags;
    case "customer_countries":
      return profile.countries;
    case "customer_regions":
      return profile.regions;
    case "customer_cities":
      return profile.cities;
    default:
      throw new Error(`No list attribute ${attribute}: the parser lets none through`);
  }
};

/** -1, 0, 1; undefined when the profile has no value (every comparison is then false). */
const order = (actual: Scalar, value: Value, context: DateContext): number | undefined => {
  if (actual === undefined) return undefined;
  if (actual instanceof Date) return compareToDateValue(actual, value as DateValue, context);
  if (value.type === "number") {
    if (typeof actual !== "number") return undefined;
    // Literals have no sign, so a negative total is below every one of them.
    return actual < 0 ? -1 : compareDecimals(decimalOfNumber(actual), value.value);
  }
  const expected = value.type === "string" ? value.value : undefined;
  if (typeof actual !== typeof expected) return undefined;
  return actual < (expected as typeof actual) ? -1 : actual > (expected as typeof actual) ? 1 : 0;
};

const compare = (
  actual: Scalar,
  operator: ComparisonOperator,
  value: Value,
  context: DateContext,
): boolean => {
  const result = order(actual, value, context);
  return result !== undefined && holds(result, operator);
};

const between = (actual: Scalar, low: Value, high: Value, context: DateContext): boolean =>
  compare(actual, ">=", low, context) && compare(actual, "<=", high, context);

const lineSatisfies = (purchase: Purchase, param: Param, context: DateContext): boolean => {
  if (param.name === "id") {
    const ids =
      param.kind === "in" ? param.values : param.kind === "comparison" ? [param.value] : [];
    const bought = canonicalProductId(purchase.productId);
    const listed = ids.some((id) => id.type === "productId" && id.value === bought);
    if (param.kind === "comparison") return holds(listed ? 0 : 1, param.operator);
    return param.kind === "in" && listed !== param.negated;
  }
  const at = new Date(purchase.at);
  if (param.kind === "between") return between(at, param.low, param.high, context);
  return param.kind === "comparison" && compare(at, param.operator, param.value, context);
};

const clauseHolds = (clause: Clause, profile: SegmentProfile, context: DateContext): boolean => {
  switch (clause.kind) {
    case "comparison":
      return compare(scalarOf(clause.attribute, profile), clause.operator, clause.value, context);
    case "between":
      return between(scalarOf(clause.attribute, profile), clause.low, clause.high, context);
    case "contains": {
      const wanted = clause.value.toLowerCase();
      const present = listOf(clause.attribute, profile).some(
        (item) => item.toLowerCase() === wanted,
      );
      return present !== clause.negated;
    }
    case "isNull": {
      const missing =
        clause.attribute === "customer_cities"
          ? profile.cities.length === 0
          : scalarOf(clause.attribute, profile) === undefined;
      return missing !== clause.negated;
    }
    case "matches": {
      const matched = profile.purchases.some((purchase) =>
        clause.params.every((param) => lineSatisfies(purchase, param, context)),
      );
      return matched !== clause.negated;
    }
  }
};

/**
 * Whether `profile` belongs to the segment `query` describes, at `context.now` in the store's
 * time zone.
 *
 * @example evaluate(parseSegmentQuery("last_order_date = today"), profile, { timeZone: "Europe/Paris", now: new Date() })
 */
export const evaluate = (
  query: SegmentQuery,
  profile: SegmentProfile,
  context: DateContext,
): boolean => {
  switch (query.kind) {
    case "or":
      return query.operands.some((operand) => evaluate(operand, profile, context));
    case "and":
      return query.operands.every((operand) => evaluate(operand, profile, context));
    default:
      return clauseHolds(query, profile, context);
  }
};

/**
 * The profiles in the segment, in their given order.
 *
 * @example filterProfiles(parseSegmentQuery("customer_tags CONTAINS 'vip'"), profiles, context).map((p) => p.id)
 */
export const filterProfiles = <P extends SegmentProfile>(
  query: SegmentQuery,
  profiles: readonly P[],
  context: DateContext,
): P[] => profiles.filter((profile) => evaluate(query, profile, context));
