/** Erasure (redaction) requests: the due-date index and the processor that redacts due profiles. */
export {
  type ErasureProcessorDeps,
  type ErasureRun,
  type OnPersonalDataErased,
  type PersonalDataErased,
  processDueErasures,
} from "./processor.js";
export {
  type ErasureEntry,
  type ErasureOutcome,
  erasureDayPrefix,
  erasureDayStreamName,
  erasureOriginStream,
  scheduleErasure,
} from "./schedule.js";
