export type { BitmapAnswer, BitmapInstruction, BitmapQuery } from "./bitmapQuery.js";
export { allValue } from "./bitmapQuery.js";
export { customerChanges } from "./customerChanges.js";
export {
  type IndexEntityChange,
  type IndexNumberChange,
  indexKeys,
  unitSeparator,
} from "./indexEntity.js";
export { indexDayOf, instantParts, maxIndexedDay } from "./localTime.js";
export { type SegmentFacts, segmentFactsChange } from "./segmentFacts.js";
export {
  type SegmentIndexLayout,
  segmentIndexFormat,
  segmentIndexName,
  segmentIndexProjections,
  segmentIndexVersion,
  shardOf,
} from "./segmentIndexProjection.js";
export {
  amountScale,
  amountUnits,
  placeNames,
  purchasesKey,
  type SegmentDate,
  segmentNumbers,
  segmentValues,
} from "./segmentVocabulary.js";
