export { type Evolve, foldEvents, foldStreamLoader } from "./foldStreamLoader.js";
export {
  type SnapshotData,
  type SnapshottingLoaderOptions,
  snapshotStreamName,
  snapshottingLoader,
} from "./snapshotLoader.js";
