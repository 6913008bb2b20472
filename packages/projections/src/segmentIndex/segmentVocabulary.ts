import type { IndexNumberChange } from "./indexEntity.js";
import { instantParts } from "./localTime.js";

/**
 * The names the segment index gives customer facts, shared by the projection that writes them and
 * the planner that queries them. Lists (tags, places) are lower-cased because segment comparisons
 * of lists ignore case; enums and strings keep their case because theirs do not.
 */
export const segmentValues = {
  tag: (tag: string) => `tag:${tag.toLowerCase()}`,
  country: (code: string) => `country:${code.toLowerCase()}`,
  region: (code: string) => `region:${code.toLowerCase()}`,
  city: (code: string) => `city:${code.toLowerCase()}`,
  emailConsent: (state: string) => `email:${state}`,
  smsConsent: (state: string) => `sms:${state}`,
  accountStatus: (status: string) => `account:${status}`,
  emailDomain: (domain: string) => `domain:${domain}`,
  language: (language: string) => `language:${language}`,
  /** Short: the commonest value in an entity's state (see docs/projections.md "Where the bytes go"). */
  product: (productId: string) => `p:${productId}`,
  /** Customers with at least one order line. */
  purchased: "purchased",
  /** Customers with at least one city (`customer_cities IS NOT NULL`). */
  hasCity: "has-city",
  /** Customers with an email domain / a language: `!=` is false for a missing value. */
  hasEmailDomain: "has-domain",
  hasLanguage: "has-language",
};

/**
 * Dates are indexed as `<name>.day` (local day) and `<name>.time` (time within that day). The day
 * is range-encoded in base 16 (whole-day ranges are the common query); the time in base 2, since
 * only a date-time bound compares it (within one day) while every order rewrites it with random
 * low digits: base 16 would flip ~3.5x as many bits per write.
 */
export type SegmentDate =
  | "added"
  | "firstOrder"
  | "lastOrder"
  | "abandoned"
  | "firstPurchase"
  | "lastPurchase";

/**
 * Every customer's state string names each of its dates three times (the instant and both
 * parts): two-letter names instead of the long ones save ~180 bytes per customer.
 */
const dateCodes: Record<SegmentDate, string> = {
  added: "ad",
  firstOrder: "fo",
  lastOrder: "lo",
  abandoned: "ab",
  firstPurchase: "fp",
  lastPurchase: "lp",
};

export const segmentNumbers = {
  /** Amount spent in ten-thousandths of the currency unit (order totals carry up to 4 decimals). */
  amount: "amount",
  orders: "orders",
  /** The instant itself, the name of the change that keeps the winning one. */
  instant: (date: SegmentDate) => dateCodes[date],
  day: (date: SegmentDate) => `${dateCodes[date]}.d`,
  time: (date: SegmentDate) => `${dateCodes[date]}.t`,
};

/** Order lines: `<ordinal>␟<productId>␟<orderId>` scored by epoch ms (one string per day). */
export const purchasesKey = "l";

export const amountScale = 10_000;

/** "10.99" as 109900 ten-thousandths, exactly (no floating-point sum of decimals). */
export const amountUnits = (amount: string): number => {
  const [whole = "0", fraction = ""] = amount.split(".");
  return Number(whole) * amountScale + Number(fraction.padEnd(4, "0").slice(0, 4));
};

export const dateChange = (
  date: SegmentDate,
  mode: "set" | "max" | "min",
  iso: string,
  timeZone: string,
): IndexNumberChange => {
  const ms = Date.parse(iso);
  const { day, time } = instantParts(ms, timeZone);
  return {
    name: segmentNumbers.instant(date),
    mode,
    value: ms,
    parts: { [segmentNumbers.day(date)]: day, [segmentNumbers.time(date)]: time },
    bases: { [segmentNumbers.time(date)]: 2 },
  };
};

interface PostalPlace {
  countryCode: string;
  provinceCode?: string | undefined;
  city: string;
}

/**
 * The names `customer_countries`, `customer_regions` and `customer_cities` give an address:
 * `FR`, `US-CA` (only with a province), `US-CA-LosAngeles` or `FR-Paris` (city without spaces).
 */
export const placeNames = (
  address: PostalPlace,
): { country: string; region?: string; city: string } => {
  const country = address.countryCode;
  const region = address.provinceCode ? `${country}-${address.provinceCode}` : undefined;
  const city = `${region ?? country}-${address.city.replace(/\s+/g, "")}`;
  return region ? { country, region, city } : { country, city };
};

/** A postal address as the index's place values. */
export const placeValues = (address: PostalPlace): string[] => {
  const { country, region, city } = placeNames(address);
  return [
    segmentValues.country(country),
    ...(region ? [segmentValues.region(region)] : []),
    segmentValues.city(city),
    segmentValues.hasCity,
  ];
};
