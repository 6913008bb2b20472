import type { SegmentQuery } from "./ast.js";

/** A page of member ids in a stable order, and where the next page starts (absent on the last). */
export interface MemberPage {
  readonly ids: readonly string[];
  readonly cursor?: string;
}

/**
 * What analysts' questions run on: the members of a query right now. The index-backed readers
 * (Redis and in-memory, built on the projections' segment indexes) and the reference reader over
 * plain profiles all give the same answers; saved segments, CSV export and bulk selection are
 * written against this port only.
 *
 * @example
 * const vip = parseSegmentQuery("customer_tags CONTAINS 'VIP' AND amount_spent >= 100");
 * await reader.count(vip); // 1234
 * let page = await reader.page(vip, { limit: 500 });
 * while (page.cursor) page = await reader.page(vip, { limit: 500, cursor: page.cursor });
 */
export interface SegmentReader {
  count(query: SegmentQuery): Promise<number>;
  /**
   * Members `limit` at a time (1..10,000), resuming after `cursor`, in an order each reader keeps
   * stable while paging (index readers: the order customers were first indexed, per shard).
   */
  page(query: SegmentQuery, options: { limit: number; cursor?: string }): Promise<MemberPage>;
}
