import { createHash } from "node:crypto";
import { newId } from "@clientele/core";

/**
 * Stream names of saved segments. The three prefixes differ before the first dash after
 * "segment", so a filter on one never matches the others: reading every definition does not
 * read the (much longer) membership histories.
 */
export const segmentStreamPrefix = "clientele-segment-";
export const membershipStreamPrefix = "clientele-segmentmembers-";
export const segmentNameStreamPrefix = "clientele-segmentname-";

/** @example segmentStreamName("seg_01J…") // "clientele-segment-seg_01J…" */
export const segmentStreamName = (segmentId: string): string =>
  `${segmentStreamPrefix}${segmentId}`;

/** Where CustomerJoinedSegment / CustomerLeftSegment of one segment are recorded. */
export const membershipStreamName = (segmentId: string): string =>
  `${membershipStreamPrefix}${segmentId}`;

/** Names are unique whatever their case and spacing: "VIP  buyers" and "vip buyers" are one name. */
export const normaliseSegmentName = (name: string): string =>
  name.trim().replace(/\s+/g, " ").toLowerCase();

/**
 * The reservation stream of a name: a hash, so any name (slashes, emoji, 255 characters) makes
 * a valid stream name. Names are not personal data, so no secret keys the hash.
 */
export const segmentNameStreamName = (name: string): string =>
  `${segmentNameStreamPrefix}${createHash("sha256").update(normaliseSegmentName(name)).digest("hex")}`;

/** @example newSegmentId() // "seg_01JD3…" */
export const newSegmentId = (): string => `seg_${newId()}`;
