import type { Readable } from "node:stream";
import {
  authorize,
  type Clock,
  type EventStore,
  eventOf,
  type Principal,
  parseOrThrow,
  systemClock,
} from "@clientele/core";
import { z } from "zod";
import type { SegmentQuery } from "../ast.js";
import { type CsvExportOptions, exportSegmentCsv } from "../csvExport.js";
import { parseSegmentQuery } from "../parser.js";
import { assertPageLimit } from "../referenceSegmentReader.js";
import type { MemberPage, SegmentReader } from "../segmentReader.js";
import { segmentNotFound } from "./errors.js";
import { foldSavedSegment, foldSavedSegments, type SavedSegment } from "./savedSegment.js";
import { createSegmentNames } from "./segmentNames.js";
import {
  newSegmentId,
  normaliseSegmentName,
  segmentStreamName,
  segmentStreamPrefix,
} from "./streams.js";

const name = z.string().trim().min(1).max(255);
const query = z.string().trim().min(1).max(10_000);
const createSchema = z.strictObject({ name, query });
const updateSchema = z
  .strictObject({ name: name.optional(), query: query.optional() })
  .refine((changes) => changes.name !== undefined || changes.query !== undefined, {
    message: "give a new name, a new query, or both",
  });

const targetSchema = z.union([
  z.strictObject({ query }),
  z.strictObject({ segmentId: z.string().trim().min(1).max(100) }),
]);
/** What the analyst API runs on: a query typed now, or a saved segment's query. */
export type SegmentTarget = { query: string } | { segmentId: string };

export interface SavedSegmentsOptions {
  store: EventStore;
  /** Answers count, pages and exports (an index-backed reader in production). */
  reader: SegmentReader;
  clock?: Clock;
  /** How old an abandoned name reservation must be before another segment may take the name. Default 5 minutes. */
  nameGraceMs?: number;
}

/** Saved segments and the analyst API over them. See docs/segments.md. */
export interface SavedSegments {
  /** Saves a named query (`segments:manage`); SEGMENT_QUERY_INVALID or SEGMENT_NAME_TAKEN write nothing. */
  create(input: { name: string; query: string }, principal: Principal): Promise<SavedSegment>;
  /** Renames and/or changes the query (`segments:manage`); a change to nothing writes nothing. */
  update(
    segmentId: string,
    changes: { name?: string; query?: string },
    principal: Principal,
  ): Promise<SavedSegment>;
  /** Deletes it and frees its name (`segments:manage`); deleting twice is a no-op. */
  delete(segmentId: string, principal: Principal): Promise<void>;
  /** One live segment (`customers:view`), or SEGMENT_NOT_FOUND. */
  get(segmentId: string, principal: Principal): Promise<SavedSegment>;
  /** Every live segment by name (`customers:view`). */
  list(principal: Principal): Promise<SavedSegment[]>;
  /** How many customers match now (`customers:view`). */
  count(target: SegmentTarget, principal: Principal): Promise<number>;
  /** A page of member ids in the reader's stable order (`customers:view`); pass `cursor` back for the next. */
  members(
    target: SegmentTarget,
    page: { limit: number; cursor?: string },
    principal: Principal,
  ): Promise<MemberPage>;
  /** The members as CSV, streamed page by page (`customers:export`). */
  exportCsv<Row>(
    target: SegmentTarget,
    options: CsvExportOptions<Row>,
    principal: Principal,
  ): Promise<Readable>;
}

/**
 * Saved segments, event-sourced: a stream per segment (`clientele-segment-<id>`) holding
 * SegmentCreated / SegmentUpdated / SegmentDeleted with the query text, which must parse before
 * anything is written. Names are unique through one reservation stream per name. Membership
 * notifications are written by the membership refresher (`createMembershipRefresher`).
 *
 * @example
 * const segments = createSavedSegments({ store, reader });
 * const vip = await segments.create({ name: "VIP", query: "customer_tags CONTAINS 'vip'" }, anna);
 * await segments.count({ segmentId: vip.segmentId }, anna);
 */
export const createSavedSegments = (options: SavedSegmentsOptions): SavedSegments => {
  const { store, reader } = options;
  const clock = options.clock ?? systemClock;

  const load = async (segmentId: string) =>
    foldSavedSegment(await store.readStream(segmentStreamName(segmentId)));

  const live = async (segmentId: string) => {
    const segment = await load(segmentId);
    if (!segment || segment.deleted) throw segmentNotFound(segmentId);
    return segment;
  };

  const names = createSegmentNames({
    store,
    clock,
    graceMs: options.nameGraceMs ?? 5 * 60_000,
    holds: async (segmentId, held) => {
      const segment = await load(segmentId);
      return (
        segment !== undefined &&
        !segment.deleted &&
        normaliseSegmentName(segment.name) === normaliseSegmentName(held)
      );
    },
  });

  const cause = (principal: Principal, correlationId?: string) => ({
    actor: principal.actor,
    correlationId,
    at: clock.now(),
  });

  const queryOf = async (input: SegmentTarget): Promise<SegmentQuery> => {
    const target = parseOrThrow(targetSchema, input, "segment target");
    return parseSegmentQuery(
      "query" in target ? target.query : (await live(target.segmentId)).query,
    );
  };

  return {
    async create(input, principal) {
      authorize(principal, "segments:manage", "CreateSegment");
      const valid = parseOrThrow(createSchema, input, "segment");
      parseSegmentQuery(valid.query);
      const segmentId = newSegmentId();
      await names.reserve(valid.name, segmentId, cause(principal, segmentId));
      const stream = segmentStreamName(segmentId);
      const created = eventOf(
        "SegmentCreated",
        { segmentId, ...valid },
        cause(principal, segmentId),
      );
      try {
        await store.appendToStream(stream, [created], { expectedRevision: "no_stream" });
      } catch (error) {
        await names.release(valid.name, segmentId, cause(principal, segmentId));
        throw error;
      }
      return foldSavedSegment(await store.readStream(stream)) as SavedSegment;
    },

    async update(segmentId, changes, principal) {
      authorize(principal, "segments:manage", "UpdateSegment");
      const valid = parseOrThrow(updateSchema, changes, "segment changes");
      if (valid.query !== undefined) parseSegmentQuery(valid.query);
      const before = await live(segmentId);
      const after = { name: valid.name ?? before.name, query: valid.query ?? before.query };
      if (after.name === before.name && after.query === before.query) return before;
      const renamed = normaliseSegmentName(after.name) !== normaliseSegmentName(before.name);
      if (renamed) await names.reserve(after.name, segmentId, cause(principal));
      try {
        await store.appendToStream(
          segmentStreamName(segmentId),
          [eventOf("SegmentUpdated", { segmentId, ...after }, cause(principal))],
          { expectedRevision: before.revision },
        );
      } catch (error) {
        if (renamed) await names.release(after.name, segmentId, cause(principal));
        throw error;
      }
      if (renamed) await names.release(before.name, segmentId, cause(principal));
      return live(segmentId);
    },

    async delete(segmentId, principal) {
      authorize(principal, "segments:manage", "DeleteSegment");
      const segment = await load(segmentId);
      if (!segment) throw segmentNotFound(segmentId);
      if (segment.deleted) return;
      await store.appendToStream(
        segmentStreamName(segmentId),
        [eventOf("SegmentDeleted", { segmentId }, cause(principal))],
        { expectedRevision: segment.revision },
      );
      await names.release(segment.name, segmentId, cause(principal));
    },

    async get(segmentId, principal) {
      authorize(principal, "customers:view", "GetSegment");
      return live(segmentId);
    },

    async list(principal) {
      authorize(principal, "customers:view", "ListSegments");
      return listSavedSegments(store);
    },

    async count(target, principal) {
      authorize(principal, "customers:view", "CountSegment");
      return reader.count(await queryOf(target));
    },

    async members(target, page, principal) {
      authorize(principal, "customers:view", "SegmentMembers");
      // Checked here too, so every reader refuses the same pages with the same error.
      assertPageLimit(page.limit);
      return reader.page(await queryOf(target), page);
    },

    async exportCsv(target, csv, principal) {
      authorize(principal, "customers:export", "ExportSegment");
      return exportSegmentCsv(reader, await queryOf(target), csv);
    },
  };
};

/** Every live saved segment, by name; reads only the definition streams. */
export const listSavedSegments = async (store: EventStore): Promise<SavedSegment[]> => {
  const events = await store.readAll({ filter: { streamPrefixes: [segmentStreamPrefix] } });
  return foldSavedSegments(events)
    .filter((segment) => !segment.deleted)
    .sort((a, b) => a.name.localeCompare(b.name));
};
