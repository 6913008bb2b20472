export { exportRow, writeExport } from "./exportCustomers.js";
export { type ImportOptions, type ImportSummary, importCustomers } from "./importCustomers.js";
export { rowCustomerId } from "./importIds.js";
export { clienteleProgram } from "./program.js";
export { loadRoles, principalFor, type RolesFile, rolesFileSchema } from "./roles.js";
export { exportColumns, importColumns } from "./shopifyColumns.js";
export { defaultStore, type OpenedStore, openStore } from "./store.js";
