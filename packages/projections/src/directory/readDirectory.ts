import { displayName } from "@clientele/core";
import { belowCursor } from "../readModel/pageCursor.js";
import type { ReadModelStore } from "../readModel/readModelStore.js";
import { directory, directoryKeys } from "./directory.js";

/** One profile as a list or detail page shows it. */
export interface CustomerSummary {
  id: string;
  /** `merged`: read `survivorId` instead; `redacted`/`deleted`: personal fields are null. */
  status: "active" | "merged" | "redacted" | "deleted";
  survivorId: string | null;
  /** The id of a merge that has started and not finished: staff edits wait. */
  mergeInProgress: string | null;
  /** First + last name, else email, else phone (displayName). */
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  /** Of the default address. */
  city: string | null;
  countryCode: string | null;
  /** Sorted. */
  tags: string[];
  accountState: string | null;
  /** Distinct orders recorded. */
  orders: number;
  /** Sum of order totals per currency, currencies sorted, e.g. `[{ amount: "13.99", currency: "USD" }]`. */
  amountSpent: Array<{ amount: string; currency: string }>;
  emailMarketingConsent: string | null;
  smsMarketingConsent: string | null;
  /** Stream revision of the last event applied: compare with a command's result to know it shows. */
  revision: number;
  updatedAt: string;
}

export interface DirectoryReadOptions {
  /**
   * Which directory version to read; default `directory.version`, the layout this reader understands
   * (not the live alias: during a rebuild the live version may still be an older layout).
   */
  version?: number;
}

export interface CustomerPage {
  customers: CustomerSummary[];
  /** Pass as `before` for the next page; absent on the last page. */
  nextCursor?: string;
}

const versionOf = (options: DirectoryReadOptions) => options.version ?? directory.version;

/** Order totals have at most four decimals (moneyAmountSchema): sum them exactly as integers. */
const scale = 10_000n;
const toUnits = (amount: string): bigint => {
  const [whole = "0", fraction = ""] = amount.split(".");
  return BigInt(whole) * scale + BigInt(fraction.padEnd(4, "0").slice(0, 4));
};
const fromUnits = (units: bigint): string => {
  const fraction = String(units % scale)
    .padStart(4, "0")
    .replace(/0{1,2}$/, "");
  return `${units / scale}.${fraction.length < 2 ? fraction.padEnd(2, "0") : fraction}`;
};

const amountsSpent = (orders: readonly string[]) => {
  const sums = new Map<string, bigint>();
  for (const value of orders) {
    const [total = "0", currency = ""] = value.split(" ");
    sums.set(currency, (sums.get(currency) ?? 0n) + toUnits(total));
  }
  return [...sums]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, units]) => ({ amount: fromUnits(units), currency }));
};

/** City and country of the default address, else of the first one added (evolve's rule). */
const defaultPlace = (
  defaultId: string | undefined,
  addresses: Record<string, string>,
): Array<string | null> => {
  let chosen = defaultId === undefined ? undefined : addresses[`place:${defaultId}`];
  if (chosen === undefined) {
    let first = Number.POSITIVE_INFINITY;
    for (const [name, value] of Object.entries(addresses)) {
      if (!name.startsWith("rank:") || Number(value) >= first) continue;
      const place = addresses[`place:${name.slice(5)}`];
      if (place === undefined) continue;
      first = Number(value);
      chosen = place;
    }
  }
  return chosen === undefined ? [] : (JSON.parse(chosen) as string[]);
};

const statuses = new Set(["active", "merged", "redacted", "deleted"]);

const summaryOf = async (
  readModel: ReadModelStore,
  version: number,
  id: string,
): Promise<CustomerSummary | undefined> => {
  const [profile = {}, addresses = {}] = await readModel.readHashes(directory.name, version, [
    directoryKeys.customer(id),
    directoryKeys.addresses(id),
  ]);
  if (profile.revision === undefined) return undefined;
  const field = (name: string) => profile[name] ?? null;
  const tags: string[] = [];
  const orders: string[] = [];
  for (const [name, value] of Object.entries(profile)) {
    if (name.startsWith("tag:")) tags.push(name.slice(4));
    else if (name.startsWith("order:")) orders.push(value);
  }
  const [city = null, countryCode = null] = defaultPlace(profile.defaultAddressId, addresses);
  const contact = {
    firstName: field("firstName"),
    lastName: field("lastName"),
    email: field("email"),
    phone: field("phone"),
  };
  return {
    id,
    status: statuses.has(profile.status ?? "")
      ? (profile.status as CustomerSummary["status"])
      : "active",
    survivorId: field("survivorId"),
    mergeInProgress: field("mergeInProgress"),
    name: displayName(contact),
    ...contact,
    locale: field("locale"),
    city,
    countryCode,
    tags: tags.sort(),
    accountState: field("accountState"),
    orders: orders.length,
    amountSpent: amountsSpent(orders),
    emailMarketingConsent: field("emailConsent"),
    smsMarketingConsent: field("smsConsent"),
    revision: Number(profile.revision),
    updatedAt: profile.updatedAt ?? "",
  };
};

/**
 * One profile's summary by id; `undefined` if the directory never saw it. A merged-in profile
 * answers with `status: "merged"` and the survivor's id.
 *
 * @example await readCustomer(readModel, "cus_1") // { id: "cus_1", name: "Ada Lovelace", ... }
 */
export const readCustomer = async (
  readModel: ReadModelStore,
  customerId: string,
  options: DirectoryReadOptions = {},
): Promise<CustomerSummary | undefined> => summaryOf(readModel, versionOf(options), customerId);

const findBy = async (
  readModel: ReadModelStore,
  lookupKey: string,
  options: DirectoryReadOptions,
) => {
  const version = versionOf(options);
  const id = await readModel.readString(directory.name, version, lookupKey);
  return id === undefined ? undefined : summaryOf(readModel, version, id);
};

/**
 * The profile holding this email, in any case; `undefined` when none does (erased and merged-in
 * profiles hold none).
 *
 * @example await findCustomerByEmail(readModel, "ADA@example.com")
 */
export const findCustomerByEmail = (
  readModel: ReadModelStore,
  email: string,
  options: DirectoryReadOptions = {},
): Promise<CustomerSummary | undefined> =>
  findBy(readModel, directoryKeys.email(email.trim()), options);

/**
 * The profile holding this phone (E.164; spaces, dashes and parentheses are ignored).
 *
 * @example await findCustomerByPhone(readModel, "+1 415 555 0123")
 */
export const findCustomerByPhone = (
  readModel: ReadModelStore,
  phone: string,
  options: DirectoryReadOptions = {},
): Promise<CustomerSummary | undefined> =>
  findBy(readModel, directoryKeys.phone(phone.trim()), options);

/**
 * A page of profiles, most recently updated first. A profile updated while someone pages moves
 * to the front: it may show again on a later first page, and is never skipped.
 *
 * @example
 * const first = await listCustomers(readModel, { limit: 50 });
 * const next = await listCustomers(readModel, { limit: 50, before: first.nextCursor });
 */
export const listCustomers = async (
  readModel: ReadModelStore,
  options: DirectoryReadOptions & { limit: number; before?: string },
): Promise<CustomerPage> => {
  const { limit } = options;
  const below = belowCursor("Directory", limit, options.before);
  const version = versionOf(options);
  const page = await readModel.readSortedSetPage(directory.name, version, directoryKeys.updated, {
    ...(below === undefined ? {} : { below }),
    limit,
  });
  const customers = await Promise.all(page.map(([id]) => summaryOf(readModel, version, id)));
  const last = page[page.length - 1];
  return {
    customers: customers.filter((summary) => summary !== undefined),
    ...(page.length === limit && last ? { nextCursor: String(last[1]) } : {}),
  };
};
