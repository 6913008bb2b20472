import type { Param, SegmentQuery, Value } from "./ast.js";

const relative = (value: Value): boolean => value.type === "offset" || value.type === "named";

const paramIsRelative = (param: Param): boolean => {
  switch (param.kind) {
    case "comparison":
      return relative(param.value);
    case "between":
      return relative(param.low) || relative(param.high);
    case "in":
      return false;
  }
};

/**
 * Whether the query's members can change with no event, as days pass: it names a day relative to
 * today (`-30d`, `today`, `30_days_ago`). Such values resolve to whole days in the store's time
 * zone, so membership can only change when the local day does.
 *
 * @example dependsOnToday(parseSegmentQuery("last_order_date > -30d")) // true
 */
export const dependsOnToday = (query: SegmentQuery): boolean => {
  switch (query.kind) {
    case "or":
    case "and":
      return query.operands.some(dependsOnToday);
    case "comparison":
      return relative(query.value);
    case "between":
      return relative(query.low) || relative(query.high);
    case "matches":
      return query.params.some(paramIsRelative);
    default:
      return false;
  }
};
