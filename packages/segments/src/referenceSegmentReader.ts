import { ClienteleError } from "@clientele/core";
import type { SegmentQuery } from "./ast.js";
import type { DateContext } from "./dates.js";
import type { SegmentProfile } from "./profile.js";
import { filterProfiles } from "./referenceEvaluator.js";
import type { SegmentReader } from "./segmentReader.js";

/** The page sizes every reader accepts. */
export const maxPageLimit = 10_000;

/**
 * Throws VALIDATION_FAILED unless `limit` is a whole number from 1 to 10,000, so every reader
 * refuses the same requests with the same message.
 */
export const assertPageLimit = (limit: number): void => {
  if (Number.isInteger(limit) && limit >= 1 && limit <= maxPageLimit) return;
  throw new ClienteleError(
    "VALIDATION_FAILED",
    `A page holds 1 to ${maxPageLimit} members; ${limit} was asked for.`,
    { fields: ["limit"], expected: `an integer from 1 to ${maxPageLimit}`, found: limit },
  );
};

/**
 * A `SegmentReader` that evaluates the query with the reference evaluator over every profile on
 * each call: right by construction and fine for small stores, tests and checking faster readers;
 * each call costs a pass over all profiles. Members come in ascending id order and the cursor is
 * the last id returned, so a page resumes correctly even when members join or leave between
 * pages. `dates` is read on every call when it is a function, so relative dates (`-30d`) follow
 * an injected clock.
 *
 * @example
 * const reader = referenceSegmentReader(() => profiles.values(), () => ({ timeZone: "Europe/Paris", now: clock.now() }));
 * await reader.count(parseSegmentQuery("customer_tags CONTAINS 'vip'"));
 */
export const referenceSegmentReader = (
  profiles: () => Iterable<SegmentProfile>,
  dates: DateContext | (() => DateContext),
): SegmentReader => {
  const context = () => (typeof dates === "function" ? dates() : dates);
  const members = (query: SegmentQuery) => filterProfiles(query, [...profiles()], context());
  return {
    async count(query) {
      return members(query).length;
    },
    async page(query, { limit, cursor }) {
      assertPageLimit(limit);
      const ids = members(query)
        .map((profile) => profile.id)
        .filter((id) => cursor === undefined || id > cursor)
        .sort();
      const page = ids.slice(0, limit);
      return ids.length > limit ? { ids: page, cursor: page.at(-1) as string } : { ids: page };
    },
  };
};
