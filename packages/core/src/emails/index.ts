export { type CheckpointStore, getInMemoryCheckpointStore } from "./checkpointStore.js";
export {
  createEmailDispatcher,
  type DispatchReport,
  type EmailDispatcher,
  type EmailDispatcherOptions,
  outboxEventTypes,
} from "./emailDispatcher.js";
export type { EmailMessage, EmailTransport, SendOutcome } from "./emailTransport.js";
export {
  getInMemoryEmailTransport,
  type InMemoryEmailTransport,
  type InMemoryEmailTransportOptions,
} from "./inMemoryEmailTransport.js";
