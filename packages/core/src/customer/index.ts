/**
 * The customer profile as a pure decider: commands and events (zod schemas), the state they fold
 * into, `decide`, `evolve`, and `commutes` for retrying on fresh state.
 */
export {
  type AddressInput,
  addressInputSchema,
  type CustomerAddress,
  customerAddressSchema,
} from "./address.js";
export * from "./commands/index.js";
export { commutes } from "./commute.js";
export { type CustomerDecideContext, decide } from "./decide.js";
export { displayName } from "./displayName.js";
export * from "./events/index.js";
export { evolve, foldCustomerEvents } from "./evolve.js";
export { customerSubjectOf, personalFields, shreddingEventTypes } from "./personalFields.js";
export { canonicalProductId } from "./productId.js";
export { maxAddresses } from "./rules/addresses.js";
export { type DeletionBlocker, deletionBlockers } from "./rules/deletion.js";
export {
  addMonths,
  defaultErasurePeriods,
  type ErasurePeriods,
  erasureDueAt,
} from "./rules/erasure.js";
export {
  isMilitaryAddress,
  type MilitaryAddressViolation,
  militaryAddressViolations,
} from "./rules/militaryAddress.js";
export { maxNoteLength } from "./rules/notes.js";
export { maxTagLength, maxTags } from "./rules/tags.js";
export * from "./state.js";
export * from "./streams.js";
export * from "./vocabulary.js";
