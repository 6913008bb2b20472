import type { accountStatuses, consentStates } from "./attributes.js";

export type ConsentState = (typeof consentStates)[number];
export type AccountStatus = (typeof accountStatuses)[number];

/** One order line, as `products_purchased` sees it. */
export interface Purchase {
  readonly productId: string;
  /** When the order was placed (ISO instant); its local day is the parameter `date`. */
  readonly at: string;
}

/**
 * The customer as segments see it: a flat, read-only projection of the profile. Absent
 * optional fields are the language's missing values (`IS NULL` finds them; comparisons are false).
 */
export interface SegmentProfile {
  readonly id: string;
  readonly tags: readonly string[];
  /** In currency units (10.99), 0 for a customer with no orders. */
  readonly amountSpent: number;
  readonly numberOfOrders: number;
  /** ISO instant */
  readonly customerAddedAt: string;
  readonly firstOrderAt?: string;
  readonly lastOrderAt?: string;
  readonly lastAbandonedCheckoutAt?: string;
  readonly emailSubscriptionStatus: ConsentState;
  readonly smsSubscriptionStatus: ConsentState;
  readonly accountStatus: AccountStatus;
  /** ISO 3166 alpha-2 of every address (`CA`). */
  readonly countries: readonly string[];
  /** `US-CA` */
  readonly regions: readonly string[];
  /** `US-CA-LosAngeles`: country, region, city without spaces. */
  readonly cities: readonly string[];
  readonly emailDomain?: string;
  readonly language?: string;
  readonly purchases: readonly Purchase[];
}
