export { type Evolve, type Fold, foldEvents, foldStreamLoader } from "./foldStreamLoader.js";
export {
  isSnapshotStream,
  type SnapshotData,
  type SnapshottingLoaderOptions,
  snapshotEventType,
  snapshotStreamName,
  snapshottingLoader,
} from "./snapshotLoader.js";
