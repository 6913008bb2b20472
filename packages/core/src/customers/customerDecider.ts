import {
  type CustomerCommand,
  type CustomerEvent,
  type CustomerState,
  decide,
  evolve,
  foldCustomerEvents,
  initialCustomerState,
} from "../customer/index.js";
import type { Decider } from "../handling/decider.js";

/**
 * The customer profile as a `Decider`, for wiring your own handler or loader around it.
 *
 * @example
 * const loader = snapshottingLoader({ ...customerDecider, every: 1_000, stateVersion: 1 });
 * const customers = createCustomers({ store, loader });
 */
export const customerDecider: Decider<CustomerCommand, CustomerEvent, CustomerState> = {
  decide,
  evolve,
  initialState: () => initialCustomerState,
  fold: foldCustomerEvents,
};
