export { type AppliedEvents, applyEvents } from "./applyEvents.js";
export { directory, directoryKeys, phoneLookupKey } from "./directory/directory.js";
export {
  type CustomerPage,
  type CustomerSummary,
  type DirectoryReadOptions,
  findCustomerByEmail,
  findCustomerByPhone,
  listCustomers,
  readCustomer,
} from "./directory/readDirectory.js";
export * from "./errors.js";
export { streamStats } from "./examples/streamStats.js";
export { listParkedEvents } from "./poison/parkedEvents.js";
export {
  type ParkedEvent,
  type PoisonPolicy,
  parkedEventsKey,
} from "./poison/poisonPolicy.js";
export { type SkipPoisonEventOptions, skipPoisonEvent } from "./poison/skipPoisonEvent.js";
export { type Projection, streamFilter } from "./projection.js";
export {
  type Projector,
  type ProjectorOptions,
  type ProjectorStatus,
  startProjector,
} from "./projector.js";
export { getInMemoryReadModelStore } from "./readModel/inMemoryReadModelStore.js";
export * from "./readModel/readModelStore.js";
export {
  getRedisReadModelStore,
  type RedisReadModelOptions,
} from "./readModel/redisReadModelStore.js";
export { type RebuildOptions, type RebuildResult, rebuildProjection } from "./rebuild.js";
export * from "./segmentIndex/index.js";
export * as testing from "./testing/index.js";
export {
  type ReadTimelineOptions,
  readTimeline,
  type TimelineEntry,
  type TimelinePage,
} from "./timeline/readTimeline.js";
export { timeline, timelineKeys } from "./timeline/timeline.js";
export { type BatchPlan, planBatch, type ViewType } from "./view/batchPlan.js";
export { recordingWriter, type ViewOp, type ViewWriter } from "./view/viewOps.js";
