/** Bulk tag, field edit and delete over a selection of profiles, resumable after a crash. */
export {
  type Bulk,
  type BulkDeps,
  type BulkProgress,
  type BulkReport,
  type BulkRequest,
  type BulkRunOptions,
  bulkCommandId,
  bulkRequestSchema,
  createBulk,
} from "./bulk.js";
export {
  type BulkOperation,
  type BulkOperationInput,
  bulkOperationSchema,
  bulkPermission,
  commandFor,
} from "./operation.js";
export { type BulkItemResult, bulkStreamName, bulkStreamPrefix } from "./run.js";
export {
  type CustomerSelection,
  type Selection,
  selectionSchema,
  storeSelection,
} from "./selection.js";
