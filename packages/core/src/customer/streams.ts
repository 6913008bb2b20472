import { newId } from "../metadata.js";

/** Every customer stream starts with this, so a category subscription (`$ce-`) can find them. */
export const customerStreamPrefix = "clientele-customer-";

/**
 * The stream holding one customer's events.
 * @example customerStreamName("cus_01J...") // "clientele-customer-cus_01J..."
 */
export const customerStreamName = (customerId: string): string =>
  `${customerStreamPrefix}${customerId}`;

/**
 * A fresh customer id: `cus_` + a monotonic ULID, so ids sort by creation time.
 * @example newCustomerId() // "cus_01JD3Z8Q6W4V5N2K7X9R0T1Y2B"
 */
export const newCustomerId = (): string => `cus_${newId()}`;
