import type { Clock } from "../clock.js";
import type { CustomerHistory, ExecuteCustomerCommand, LoadCustomer } from "../customers/ports.js";
import { authorize, type Principal } from "../handling/authorize.js";
import { toDataExport } from "./exportData.js";
import type { CustomerDataExport } from "./exportSchema.js";

/**
 * Customer data requests, as `customers.dataRequests`.
 * @example const exported = await customers.dataRequests.export(id, anna)
 */
export interface DataRequests {
  /** Starts a data request (customers:request_data); while it runs the profile cannot be merged. */
  start(customerId: string, principal: Principal, requestId?: string): Promise<string>;
  /** Builds the export for the running request, records it completed, and returns the export. */
  complete(
    customerId: string,
    requestId: string,
    principal: Principal,
  ): Promise<CustomerDataExport>;
  /** The export as of now, without a request (customers:request_data). */
  export(customerId: string, principal: Principal): Promise<CustomerDataExport>;
}

/** What data requests need; `createCustomers` supplies it. */
export type DataRequestDeps = ExecuteCustomerCommand &
  LoadCustomer &
  CustomerHistory & { clock: Clock };

/**
 * Customer data requests (privacy.md): start one, then complete it with the JSON export. Exposed
 * as `customers.dataRequests`.
 * @example
 * const requestId = await customers.dataRequests.start(id, anna);
 * const exported = await customers.dataRequests.complete(id, requestId, anna);
 */
export const createDataRequests = (deps: DataRequestDeps): DataRequests => {
  const build = async (customerId: string, principal: Principal, requestId: string | null) => {
    authorize(principal, "customers:request_data", "ExportCustomerData");
    // Reading is part of answering the request: the permission to answer it is enough.
    const reader: Principal = { ...principal, permissions: ["customers:view"] };
    const { state } = await deps.load(customerId, reader);
    const history = await deps.history(customerId, reader);
    return toDataExport(state, history, { exportedAt: deps.clock.now(), requestId });
  };
  return {
    async start(customerId, principal, requestId) {
      const { state } = await deps.execute(
        { type: "StartDataRequest", customerId, ...(requestId ? { requestId } : {}) },
        principal,
      );
      return state.dataRequest?.requestId ?? "";
    },
    async complete(customerId, requestId, principal) {
      const exported = await build(customerId, principal, requestId);
      await deps.execute({ type: "CompleteDataRequest", customerId, requestId }, principal);
      return exported;
    },
    export: (customerId, principal) => build(customerId, principal, null),
  };
};
