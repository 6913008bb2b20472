/** Saved segments: definitions, unique names, membership notifications and the analyst API. */
export { segmentNameTaken, segmentNotFound } from "./errors.js";
export {
  type MembershipEvent,
  membershipEventSchema,
  type SegmentEvent,
  segmentEventSchema,
} from "./events.js";
export {
  applyMembershipEvents,
  catchUpMembership,
  diffMembership,
  type Membership,
  type MembershipDiff,
} from "./membership.js";
export { type MembershipNotification, subscribeToMembership } from "./notifications.js";
export {
  createMembershipRefresher,
  type MembershipRefresher,
  type MembershipRefresherOptions,
  type RefreshReport,
  type RunningRefresher,
} from "./refresher.js";
export { foldSavedSegment, type SavedSegment } from "./savedSegment.js";
export {
  createSavedSegments,
  listSavedSegments,
  type SavedSegments,
  type SavedSegmentsOptions,
  type SegmentTarget,
} from "./savedSegments.js";
export {
  membershipStreamName,
  membershipStreamPrefix,
  newSegmentId,
  normaliseSegmentName,
  segmentNameStreamName,
  segmentNameStreamPrefix,
  segmentStreamName,
  segmentStreamPrefix,
} from "./streams.js";
