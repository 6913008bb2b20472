export { type FailureContext, toClienteleError } from "./errorMapping.js";
export { ulidToUuid } from "./eventId.js";
export {
  type EventStoreDBEventStoreOptions,
  getEventStoreDBEventStore,
} from "./eventStoreDBEventStore.js";
