import { ClienteleError } from "@clientele/core";
import {
  type ReadModelStore,
  type SegmentIndexLayout,
  segmentIndexName,
  segmentIndexVersion,
} from "@clientele/projections";
import type { SegmentQuery } from "./ast.js";
import { planProgram, planSegmentQuery } from "./planner.js";
import type { MemberPage, SegmentReader } from "./segmentReader.js";

export interface IndexedSegmentReaderOptions {
  /** Where the segment index projections write (Redis, Redis Cluster or in memory). */
  readModel: ReadModelStore;
  /** The index's shards, version and store time zone (see segmentIndexProjections). */
  layout: SegmentIndexLayout;
  /** "Now" for relative dates (`-7d`, `today`); default the system clock. */
  now?: () => Date;
}

export const maxPageSize = 10_000;

/** Cursors name the last member returned: its shard and ordinal. Opaque to callers. */
const encodeCursor = (shard: number, ordinal: number) => `${shard}.${ordinal}`;

const decodeCursor = (cursor: string, shards: number): { shard: number; ordinal: number } => {
  const match = /^(\d+)\.(\d+)$/.exec(cursor);
  const shard = Number(match?.[1]);
  if (!match || shard >= shards)
    throw new ClienteleError(
      "VALIDATION_FAILED",
      `Cursor "${cursor}" is not one this segment reader returned: pass the cursor of the previous page unchanged, or none for the first page.`,
      { field: "cursor", found: cursor },
    );
  return { shard, ordinal: Number(match[2]) };
};

/**
 * Counts and lists segment members from the segment index: the query is planned once, then one
 * script per shard runs it (counts in parallel, pages shard after shard). Members come in index
 * order (shard, then the order customers were first indexed), which stays stable while paging.
 *
 * @example
 * const reader = createIndexedSegmentReader({ readModel, layout: { shards: 4, version: 1, timeZone: "America/Toronto" } });
 * await reader.count(parseSegmentQuery("customer_tags CONTAINS 'vip'"));
 */
export const createIndexedSegmentReader = ({
  readModel,
  layout,
  now = () => new Date(),
}: IndexedSegmentReaderOptions): SegmentReader => {
  const shards = Array.from({ length: layout.shards }, (_, shard) => shard);
  const program = (query: SegmentQuery) =>
    planProgram(planSegmentQuery(query, { timeZone: layout.timeZone, now: now() }));

  return {
    async count(query) {
      const steps = program(query);
      const counts = await Promise.all(
        shards.map((shard) =>
          readModel.queryBitmaps(segmentIndexName(layout, shard), segmentIndexVersion(layout), {
            program: steps,
            result: "count",
          }),
        ),
      );
      return counts.reduce(
        (sum, answer) => sum + (answer.result === "count" ? answer.count : 0),
        0,
      );
    },

    async page(query, { limit, cursor }): Promise<MemberPage> {
      if (!Number.isInteger(limit) || limit < 1 || limit > maxPageSize)
        throw new ClienteleError(
          "VALIDATION_FAILED",
          `Page size must be a whole number from 1 to ${maxPageSize}, received ${limit}.`,
          { field: "limit", expected: `1..${maxPageSize}`, found: limit },
        );
      const start =
        cursor === undefined ? { shard: 0, ordinal: -1 } : decodeCursor(cursor, layout.shards);
      const steps = program(query);
      const found: Array<{ id: string; shard: number; ordinal: number }> = [];
      // One more than asked tells whether a next page exists, so the last page has no cursor.
      for (let shard = start.shard; shard < layout.shards && found.length <= limit; shard++) {
        const answer = await readModel.queryBitmaps(
          segmentIndexName(layout, shard),
          segmentIndexVersion(layout),
          {
            program: steps,
            result: "page",
            after: shard === start.shard ? start.ordinal : -1,
            limit: limit + 1 - found.length,
          },
        );
        if (answer.result !== "page") continue;
        answer.ordinals.forEach((ordinal, i) => {
          found.push({ id: answer.ids[i] ?? "", shard, ordinal });
        });
      }
      const members = found.slice(0, limit);
      const last = members[members.length - 1];
      return {
        ids: members.map((member) => member.id),
        ...(found.length > limit && last ? { cursor: encodeCursor(last.shard, last.ordinal) } : {}),
      };
    },
  };
};
