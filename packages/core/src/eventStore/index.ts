export { type AllPage, allPage, matchesFilter } from "./allPage.js";
export { revisionConflict, revisionMatches, validateAppend } from "./appendValidation.js";
export * from "./eventStore.js";
export { getInMemoryEventStore } from "./inMemoryEventStore.js";
export { type PollingSource, pollingSubscription } from "./pollingSubscription.js";
export {
  type CurrentSchemaVersions,
  type Upcaster,
  type Upcasters,
  upcastEvent,
  withUpcasting,
} from "./upcasting.js";
