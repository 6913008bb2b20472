import type { Actor, RecordedEvent } from "@clientele/core";
import { testing } from "@clientele/projections";
import type { Purchase, SegmentProfile } from "../profile.js";

/**
 * Deterministic customer histories for index-vs-reference tests: each customer's events (as a
 * store would record them) and, computed independently and plainly, the SegmentProfile those
 * events describe. Includes merges (the survivor gains the absorbed customer's orders) and
 * deletions, so the index's handling of both is checked too.
 */

const consent = ["NOT_SUBSCRIBED", "PENDING", "SUBSCRIBED", "UNSUBSCRIBED"] as const;
const accounts = ["DISABLED", "INVITED", "ENABLED", "DECLINED"] as const;
const tagPool = ["vip", "VIP", "wholesale", "newsletter", "b2b", "returning"];
const places = [
  { countryCode: "US", provinceCode: "CA", city: "Los Angeles" },
  { countryCode: "US", provinceCode: "NY", city: "New York" },
  { countryCode: "CA", provinceCode: "ON", city: "Toronto" },
  { countryCode: "CA", provinceCode: "QC", city: "Montreal" },
  { countryCode: "FR", city: "Paris" },
];
const domains = ["example.com", "shop.example.com", "mail.test"];
const locales = ["en", "fr", "pt-BR"];
const products = ["2012162031638", "1012132033639", "42", "7", "99"];
/** Days the example queries name, so they match someone. */
const notableInstants = ["2020-05-30T10:00:00Z", "2020-05-30T04:00:00Z", "2020-05-31T03:59:59Z"];

export interface CustomerHistories {
  events: RecordedEvent[];
  /** Live customers only (merged-away and deleted ones are no segment's members). */
  profiles: SegmentProfile[];
}

export const customerHistories = (count: number, now: Date, seed = 7): CustomerHistories => {
  const random = testing.seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const nowMs = now.getTime();
  const instant = (daysBack: number) =>
    new Date(nowMs - Math.floor(random() * daysBack * 86_400_000)).toISOString();
  const history = testing.customerHistory();
  const spec: Actor = { kind: "system", reason: "spec" };
  const record = (customerId: string, type: string, data: unknown, occurredAt: string) =>
    history.add(customerId, type, data as object, spec, occurredAt);

  type Mutable = { -readonly [K in keyof SegmentProfile]: SegmentProfile[K] };
  const profiles = new Map<string, Mutable & { orders: Array<{ type: string; data: unknown }> }>();

  for (let n = 0; n < count; n++) {
    const id = `cus_${String(n).padStart(6, "0")}`;
    const createdAt = instant(2500);
    const tags = [
      ...new Set(
        Array.from({ length: Math.floor(random() * 3) }, () => pick(tagPool).toLowerCase()),
      ),
    ];
    const addresses = Array.from({ length: Math.floor(random() * 3) }, (_, i) => ({
      addressId: `${id}-a${i}`,
      address1: "1 Main St",
      ...pick(places),
    }));
    const email = random() < 0.9 ? `c${n}@${pick(domains)}` : null;
    const locale = random() < 0.8 ? pick(locales) : null;
    const profile: Mutable & { orders: Array<{ type: string; data: unknown }> } = {
      id,
      tags,
      amountSpent: 0,
      numberOfOrders: 0,
      customerAddedAt: createdAt,
      emailSubscriptionStatus: pick(consent),
      smsSubscriptionStatus: pick(consent),
      accountStatus: pick(accounts),
      countries: [],
      regions: [],
      cities: [],
      ...(email ? { emailDomain: email.slice(email.indexOf("@") + 1) } : {}),
      ...(locale ? { language: locale } : {}),
      purchases: [],
      orders: [],
    };
    record(
      id,
      "CustomerCreated",
      {
        customerId: id,
        email,
        locale,
        tags,
        addresses,
        accountState: profile.accountStatus,
        emailMarketingConsent: {
          state: profile.emailSubscriptionStatus,
          optInLevel: "UNKNOWN",
          consentUpdatedAt: null,
        },
        smsMarketingConsent: {
          state: profile.smsSubscriptionStatus,
          optInLevel: "UNKNOWN",
          consentUpdatedAt: null,
        },
      },
      createdAt,
    );
    const liveAddresses = new Map(addresses.map((a) => [a.addressId, a]));
    if (addresses.length > 0 && random() < 0.2) {
      const [first] = addresses;
      if (first) {
        liveAddresses.delete(first.addressId);
        record(id, "AddressRemoved", { addressId: first.addressId }, createdAt);
      }
    }
    if (random() < 0.3) {
      const address = { addressId: `${id}-b`, address1: "2 Side St", ...pick(places) };
      liveAddresses.set(address.addressId, address);
      record(id, "AddressAdded", { address }, createdAt);
    }
    for (const a of liveAddresses.values()) {
      profile.countries = [...profile.countries, a.countryCode];
      const region = a.provinceCode ? `${a.countryCode}-${a.provinceCode}` : undefined;
      if (region) profile.regions = [...profile.regions, region];
      profile.cities = [
        ...profile.cities,
        `${region ?? a.countryCode}-${a.city.replace(/\s+/g, "")}`,
      ];
    }
    if (random() < 0.3) {
      const tag = pick(tagPool);
      if (!profile.tags.some((t) => t.toLowerCase() === tag.toLowerCase())) {
        profile.tags = [...profile.tags, tag];
        record(id, "CustomerTagged", { tags: [tag] }, createdAt);
      }
    }
    if (profile.tags.length > 0 && random() < 0.2) {
      const [removed, ...kept] = profile.tags;
      profile.tags = kept;
      record(id, "CustomerUntagged", { tags: [removed] }, createdAt);
    }
    if (random() < 0.3) {
      profile.emailSubscriptionStatus = pick(consent);
      record(
        id,
        "EmailMarketingConsentUpdated",
        { state: profile.emailSubscriptionStatus, optInLevel: "UNKNOWN", consentUpdatedAt: null },
        createdAt,
      );
    }
    if (random() < 0.1) {
      profile.accountStatus = pick(accounts);
      record(id, "AccountStateChanged", { accountState: profile.accountStatus }, createdAt);
    }
    if (random() < 0.1) {
      const changed = random() < 0.5 ? `x${n}@${pick(domains)}` : null;
      if (changed) profile.emailDomain = changed.slice(changed.indexOf("@") + 1);
      else delete profile.emailDomain;
      record(id, "CustomerUpdated", { email: changed }, createdAt);
    }
    const orderCount = random() < 0.3 ? 0 : Math.floor(random() * (random() < 0.05 ? 120 : 6));
    for (let o = 0; o < orderCount; o++) {
      const placedAt = random() < 0.02 ? pick(notableInstants) : instant(2400);
      const cents = Math.floor(random() * 50_000);
      const lines = Array.from({ length: Math.floor(random() * 3) }, () => ({
        productId: pick(products),
        quantity: 1,
      }));
      const data = {
        orderId: `${id}-o${o}`,
        placedAt,
        total: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`,
        currency: "USD",
        lineItems: lines,
      };
      profile.orders.push({ type: "OrderRecorded", data });
      record(id, "OrderRecorded", data, placedAt);
    }
    if (random() < 0.2) {
      const abandonedAt = instant(400);
      profile.orders.push({
        type: "CheckoutAbandoned",
        data: { checkoutId: `${id}-k`, abandonedAt },
      });
      record(id, "CheckoutAbandoned", { checkoutId: `${id}-k`, abandonedAt }, abandonedAt);
    }
    profiles.set(id, profile);

    // Every 50th customer is absorbed by the one before it; every 97th is deleted.
    const previous = profiles.get(`cus_${String(n - 1).padStart(6, "0")}`);
    if (n % 50 === 49 && previous) {
      record(
        previous.id,
        "CustomerMerged",
        { mergeId: `m${n}`, absorbedId: id, gained: profile.orders },
        createdAt,
      );
      record(id, "CustomerMergedInto", { survivorId: previous.id, mergeId: `m${n}` }, createdAt);
      previous.orders.push(...profile.orders);
      profiles.delete(id);
    } else if (n % 97 === 96) {
      record(id, "CustomerDeleted", {}, createdAt);
      profiles.delete(id);
    }
  }

  const finished = [...profiles.values()].map(({ orders, ...profile }): SegmentProfile => {
    let units = 0;
    let numberOfOrders = 0;
    const placed: string[] = [];
    const abandoned: string[] = [];
    const purchases: Purchase[] = [];
    for (const order of orders) {
      if (order.type === "CheckoutAbandoned") {
        abandoned.push((order.data as { abandonedAt: string }).abandonedAt);
        continue;
      }
      const data = order.data as {
        placedAt: string;
        total: string;
        lineItems: Array<{ productId: string }>;
      };
      const [whole = "0", fraction = ""] = data.total.split(".");
      units += Number(whole) * 10_000 + Number(fraction.padEnd(4, "0"));
      numberOfOrders++;
      placed.push(data.placedAt);
      for (const line of data.lineItems)
        purchases.push({ productId: line.productId, at: data.placedAt });
    }
    const byTime = (a: string, b: string) => Date.parse(a) - Date.parse(b);
    placed.sort(byTime);
    abandoned.sort(byTime);
    return {
      ...profile,
      amountSpent: units / 10_000,
      numberOfOrders,
      ...(placed.length > 0
        ? { firstOrderAt: placed[0], lastOrderAt: placed[placed.length - 1] }
        : {}),
      ...(abandoned.length > 0 ? { lastAbandonedCheckoutAt: abandoned[abandoned.length - 1] } : {}),
      purchases,
    };
  });
  return { events: history.events, profiles: finished };
};
