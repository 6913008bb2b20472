export type * from "./ast.js";
export { namedDates } from "./ast.js";
export {
  type AttributeSpec,
  type AttributeType,
  accountStatuses,
  attributes,
  type ClauseOperator,
  consentStates,
  functions,
} from "./attributes.js";
export {
  type CsvColumn,
  type CsvExportOptions,
  type CsvValue,
  csvCell,
  csvLine,
  exportSegmentCsv,
  type ProfileLookup,
} from "./csvExport.js";
export {
  addDays,
  addMonths,
  compareToDateValue,
  type DateContext,
  localDay,
  resolveDay,
  zonedInstant,
} from "./dates.js";
export {
  createIndexedSegmentReader,
  type IndexedSegmentReaderOptions,
  maxPageSize,
} from "./indexedReader.js";
export { memberPages } from "./memberPages.js";
export { maxClauses, maxNesting, parseSegmentQuery } from "./parser.js";
export { type Plan, planProgram, planSegmentQuery } from "./planner.js";
export { printQuery } from "./printQuery.js";
export type { AccountStatus, ConsentState, Purchase, SegmentProfile } from "./profile.js";
export { evaluate, filterProfiles } from "./referenceEvaluator.js";
export {
  assertPageLimit,
  maxPageLimit,
  referenceSegmentReader,
} from "./referenceSegmentReader.js";
export { dependsOnToday } from "./relativeDates.js";
export * from "./saved/index.js";
export type { MemberPage, SegmentReader } from "./segmentReader.js";
export { allMembers, segmentSelection } from "./segmentSelection.js";
export { segmentProfileOf } from "./stateProfile.js";
export { type Keyword, keywords, type Token, type TokenKind, tokenize } from "./tokenizer.js";
