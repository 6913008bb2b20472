export {
  authorize,
  type Principal,
  type RequiredPermission,
  staffPrincipal,
  systemPrincipal,
} from "./authorize.js";
export {
  type CachedStreamLoaderOptions,
  cachedStreamLoader,
} from "./cachedStreamLoader.js";
export { type Change, changedByOthers } from "./conflict.js";
export type { DecideContext, DecidedEvent, Decider } from "./decider.js";
export {
  type CommandHandler,
  type CommandHandlerOptions,
  createCommandHandler,
  type HandledCommand,
  type HandleOptions,
  type HandleResult,
} from "./handleCommand.js";
export { foldWholeStream } from "./loadStream.js";
export {
  assertUniquenessSecret,
  createReservations,
  normaliseReserved,
  type ReservationContext,
  type Reservations,
  type ReservationsOptions,
  type ReservedKind,
  reservationStreamName,
  type UniquenessSecret,
} from "./reservations.js";
export type { LoadedStream, StreamLoader } from "./streamLoader.js";
