import type { EventStore, RecordedEvent } from "@clientele/core";
import type { SegmentQuery } from "../ast.js";
import { memberPages } from "../memberPages.js";
import type { SegmentReader } from "../segmentReader.js";
import { membershipStreamName } from "./streams.js";

/** A segment's recorded members, as of `revision` of its membership stream (-1: no stream yet). */
export interface Membership {
  segmentId: string;
  revision: number;
  members: Set<string>;
}

/** Who must be notified: ids that match and are not recorded, and recorded ids that no longer match. */
export interface MembershipDiff {
  joined: string[];
  left: string[];
}

/** Adds `events` (the membership stream's, in order) to `membership`. */
export const applyMembershipEvents = (
  membership: Membership,
  events: readonly RecordedEvent[],
): Membership => {
  for (const event of events) {
    const customerId = String(event.data.customerId);
    if (event.type === "CustomerJoinedSegment") membership.members.add(customerId);
    if (event.type === "CustomerLeftSegment") membership.members.delete(customerId);
    membership.revision = event.revision;
  }
  return membership;
};

/**
 * `membership` brought up to date with its stream: only the events after the revision it holds
 * are read, so a refresher that keeps it between passes reads each event once.
 */
export const catchUpMembership = async (
  store: EventStore,
  membership: Membership,
): Promise<Membership> =>
  applyMembershipEvents(
    membership,
    await store.readStream(membershipStreamName(membership.segmentId), {
      fromRevision: membership.revision + 1,
    }),
  );

/**
 * Compares the query's members now (read page by page in id order) with the recorded ones.
 * Holds the ids seen in a set, so memory grows with the segment, never with the store.
 */
export const diffMembership = async (
  reader: SegmentReader,
  query: SegmentQuery,
  recorded: ReadonlySet<string>,
  pageSize: number,
): Promise<MembershipDiff> => {
  const joined: string[] = [];
  const current = new Set<string>();
  for await (const ids of memberPages(reader, query, pageSize)) {
    for (const id of ids) {
      current.add(id);
      if (!recorded.has(id)) joined.push(id);
    }
  }
  const left = [...recorded].filter((id) => !current.has(id)).sort();
  return { joined, left };
};
