export { type Evolve, type Fold, foldEvents, foldStreamLoader } from "./foldStreamLoader.js";
export {
  isSnapshotStream,
  type SnapshotData,
  type SnapshottingLoaderOptions,
  snapshotEventType,
  snapshotStreamName,
  snapshottedStreamName,
  snapshottingLoader,
} from "./snapshotLoader.js";
