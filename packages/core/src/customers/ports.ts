import type { CustomerState } from "../customer/state.js";
import type { RecordedEvent } from "../eventStore/eventStore.js";
import type { Principal } from "../handling/authorize.js";
import type { HandleOptions, HandleResult } from "../handling/handleCommand.js";
import type { LoadedStream } from "../handling/streamLoader.js";

/**
 * The narrow ports the services built around the customer streams (bulk, data requests, email
 * dispatch) take instead of the whole `Customers` facade, so none of them depends on the
 * composition root that builds them.
 */
export interface ExecuteCustomerCommand {
  /** Runs any customer command, as `Customers.execute` does. */
  execute(
    command: unknown,
    principal: Principal,
    options?: HandleOptions,
  ): Promise<HandleResult<CustomerState>>;
}

export interface LoadCustomer {
  /** A profile's state and revision; needs customers:view. CUSTOMER_NOT_FOUND when there is none. */
  load(customerId: string, principal: Principal): Promise<LoadedStream<CustomerState>>;
}

export interface CustomerHistory {
  /**
   * Every recorded event of a profile and, recursively, of the profiles merged into it, in the
   * order they were stored; each event's `streamName` says whose it is. Needs customers:view.
   */
  history(customerId: string, principal: Principal): Promise<RecordedEvent[]>;
}
