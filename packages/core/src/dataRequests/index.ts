/** Customer data requests and the versioned JSON export that answers them. */
export { createDataRequests, type DataRequests } from "./dataRequests.js";
export { toDataExport } from "./exportData.js";
export {
  type CustomerDataExport,
  customerDataExportJsonSchema,
  customerDataExportSchema,
} from "./exportSchema.js";
