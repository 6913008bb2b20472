import type { CustomerSelection } from "@clientele/core";
import type { SegmentQuery } from "./ast.js";
import { memberPages } from "./memberPages.js";
import { parseSegmentQuery } from "./parser.js";
import type { SegmentReader } from "./segmentReader.js";

/**
 * Every member id of `query`, reading `pageSize` at a time.
 * @example await allMembers(reader, parseSegmentQuery("customer_tags CONTAINS 'vip'"))
 */
export const allMembers = async (
  reader: SegmentReader,
  query: SegmentQuery,
  pageSize = 10_000,
): Promise<string[]> => {
  const ids: string[] = [];
  for await (const page of memberPages(reader, query, pageSize)) ids.push(...page);
  return ids;
};

/**
 * A bulk selection port that understands `{ segment: "<query>" }`: the query is parsed (a bad one
 * fails the run with SEGMENT_QUERY_INVALID before anything is written) and its members, read
 * through `reader`, are the selection, frozen when the run starts. `{ ids }` and `{ all: true }`
 * go to `others`.
 *
 * @example
 * const customers = createCustomers({ store, selection: segmentSelection(reader, storeSelection(store)) });
 * await customers.bulk.run({ operation: { kind: "addTags", tags: "winback" }, selection: { segment: "last_order_date < -90d" } }, anna);
 */
export const segmentSelection = (
  reader: SegmentReader,
  others: CustomerSelection,
): CustomerSelection => ({
  async resolve(selection) {
    if (!("segment" in selection)) return others.resolve(selection);
    return allMembers(reader, parseSegmentQuery(selection.segment));
  },
});
