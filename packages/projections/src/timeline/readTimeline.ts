import { belowCursor } from "../readModel/pageCursor.js";
import type { ReadModelStore } from "../readModel/readModelStore.js";
import type { PersonalPart } from "./describeEntry.js";
import { timeline, timelineKeys } from "./timeline.js";

/** One line of a customer's history as a reader sees it. */
export interface TimelineEntry {
  /** Global position: unique across profiles, so it orders a merged history. */
  position: string;
  /** The profile whose stream holds the event (an absorbed one for merged history). */
  customerId: string;
  revision: number;
  type: string;
  occurredAt: string;
  actor: string;
  /** e.g. "Tag VIP added by staff anna"; personal values read `[redacted]` after erasure. */
  line: string;
  staffOnly: boolean;
  /** A note's text, for staff, until the profile is erased. */
  note?: string;
}

export interface TimelinePage {
  entries: TimelineEntry[];
  /** Pass as `before` for the next page; absent when there is nothing older. */
  nextCursor?: string;
}

export interface ReadTimelineOptions {
  /** `customer` leaves out staff-only entries and note texts. */
  audience: "staff" | "customer";
  /** 1-1000 entries per page. */
  limit: number;
  /** The `nextCursor` of the previous page. */
  before?: string;
  /**
   * Which timeline version to read; default `timeline.version`, the layout this reader understands
   * (not the live alias: during a rebuild the live version may still be an older layout).
   */
  version?: number;
}

interface Source {
  customerId: string;
  /** This profile or one it was merged into was erased: personal parts must not show. */
  erased: boolean;
}

type StoredEntry = [number, string, string, string, string, 0 | 1, 0 | 1];

/** The profile and every profile merged into it, however deep the chain of merges. */
const sourcesOf = async (
  readModel: ReadModelStore,
  version: number,
  customerId: string,
): Promise<Source[]> => {
  const seen = new Set([customerId]);
  const sources: Source[] = [];
  let level: Array<{ customerId: string; erasedAbove: boolean }> = [
    { customerId, erasedAbove: false },
  ];
  while (level.length > 0) {
    const next: typeof level = [];
    for (const { customerId: id, erasedAbove } of level) {
      const erased =
        erasedAbove ||
        (await readModel.readString(timeline.name, version, timelineKeys.erased(id))) !== undefined;
      sources.push({ customerId: id, erased });
      for (const absorbed of await readModel.readSet(
        timeline.name,
        version,
        timelineKeys.absorbed(id),
      ))
        if (!seen.has(absorbed)) {
          seen.add(absorbed);
          next.push({ customerId: absorbed, erasedAbove: erased });
        }
    }
    level = next;
  }
  return sources;
};

/**
 * A page of a customer's timeline, newest first, including the history of every profile merged
 * into it. Staff see everything; customers do not see staff-only entries (notes, merge
 * bookkeeping, delivery failures). Works on any ReadModelStore.
 *
 * @example
 * const first = await readTimeline(readModel, "cus_1", { audience: "staff", limit: 20 });
 * const next = await readTimeline(readModel, "cus_1", { audience: "staff", limit: 20, before: first.nextCursor });
 */
export const readTimeline = async (
  readModel: ReadModelStore,
  customerId: string,
  options: ReadTimelineOptions,
): Promise<TimelinePage> => {
  const { audience, limit } = options;
  let below = belowCursor("Timeline", limit, options.before);
  const version = options.version ?? timeline.version;
  const sources = await sourcesOf(readModel, version, customerId);
  const personalParts = new Map<string, Promise<Record<string, string>>>();
  const personalOf = (source: Source) => {
    let found = personalParts.get(source.customerId);
    if (!found) {
      found = readModel.readHash(timeline.name, version, timelineKeys.personal(source.customerId));
      personalParts.set(source.customerId, found);
    }
    return found;
  };

  const entries: TimelineEntry[] = [];
  for (;;) {
    const pages = await Promise.all(
      sources.map((source) =>
        readModel.readSortedSetPage(
          timeline.name,
          version,
          timelineKeys.entries(source.customerId),
          {
            ...(below === undefined ? {} : { below }),
            limit,
          },
        ),
      ),
    );
    // Entries at or above the highest last score of a full page are complete across sources.
    let complete = Number.NEGATIVE_INFINITY;
    for (const page of pages)
      if (page.length === limit)
        complete = Math.max(complete, (page[page.length - 1] as [string, number])[1]);
    const merged = pages
      .flatMap((page, index) =>
        page.map(([member, score]) => ({ member, score, source: sources[index] as Source })),
      )
      .filter(({ score }) => score >= complete)
      .sort((a, b) => b.score - a.score);
    for (const { member, score, source } of merged) {
      const [revision, type, occurredAt, actor, line, staffOnly, hasPersonal] = JSON.parse(
        member,
      ) as StoredEntry;
      below = score;
      if (audience === "customer" && staffOnly === 1) continue;
      const entry: TimelineEntry = {
        position: String(score),
        customerId: source.customerId,
        revision,
        type,
        occurredAt,
        actor,
        line,
        staffOnly: staffOnly === 1,
      };
      if (hasPersonal === 1 && !source.erased) {
        const stored = (await personalOf(source))[entry.position];
        if (stored !== undefined) {
          const personal = JSON.parse(stored) as PersonalPart;
          entry.line = personal.line;
          if (personal.note !== undefined && audience === "staff") entry.note = personal.note;
        }
      }
      entries.push(entry);
      if (entries.length === limit) return { entries, nextCursor: entry.position };
    }
    if (complete === Number.NEGATIVE_INFINITY) return { entries };
  }
};
