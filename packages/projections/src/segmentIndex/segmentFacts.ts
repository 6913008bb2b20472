import { canonicalProductId } from "@clientele/core";
import { allValue } from "./bitmapQuery.js";
import { type IndexEntityChange, unitSeparator } from "./indexEntity.js";
import { dateChange, purchasesKey, segmentNumbers, segmentValues } from "./segmentVocabulary.js";

/**
 * A customer's segment facts written directly, for bulk loads (benchmarks, imports) and for
 * checking the index against profiles that no event history produced. Same shape as the
 * segments package's SegmentProfile, with the amount in ten-thousandths.
 */
export interface SegmentFacts {
  readonly id: string;
  readonly tags: readonly string[];
  readonly amountUnits: number;
  readonly numberOfOrders: number;
  readonly customerAddedAt: string;
  readonly firstOrderAt?: string | undefined;
  readonly lastOrderAt?: string | undefined;
  readonly lastAbandonedCheckoutAt?: string | undefined;
  readonly emailSubscriptionStatus: string;
  readonly smsSubscriptionStatus: string;
  readonly accountStatus: string;
  readonly countries: readonly string[];
  readonly regions: readonly string[];
  readonly cities: readonly string[];
  readonly emailDomain?: string | undefined;
  readonly language?: string | undefined;
  readonly purchases: ReadonlyArray<{ productId: string; at: string }>;
}

/**
 * The earliest and latest order line, found here rather than by one min and one max per line:
 * the index would rewrite the date's digits for every line that wins, and lines come in order.
 */
const purchaseSpan = (purchases: SegmentFacts["purchases"]): Array<[string, string]> => {
  const sorted = purchases
    .map((purchase) => purchase.at)
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  const [first] = sorted;
  const last = sorted[sorted.length - 1];
  return first && last ? [[first, last]] : [];
};

/** The change that indexes `facts` for an entity the index does not hold yet. */
export const segmentFactsChange = (facts: SegmentFacts, timeZone: string): IndexEntityChange => {
  const dates = [
    dateChange("added", "set", facts.customerAddedAt, timeZone),
    ...(facts.firstOrderAt ? [dateChange("firstOrder", "set", facts.firstOrderAt, timeZone)] : []),
    ...(facts.lastOrderAt ? [dateChange("lastOrder", "set", facts.lastOrderAt, timeZone)] : []),
    ...(facts.lastAbandonedCheckoutAt
      ? [dateChange("abandoned", "set", facts.lastAbandonedCheckoutAt, timeZone)]
      : []),
    ...purchaseSpan(facts.purchases).flatMap(([first, last]) => [
      dateChange("firstPurchase", "set", first, timeZone),
      dateChange("lastPurchase", "set", last, timeZone),
    ]),
  ];
  return {
    slots: {
      all: [allValue],
      email: [segmentValues.emailConsent(facts.emailSubscriptionStatus)],
      sms: [segmentValues.smsConsent(facts.smsSubscriptionStatus)],
      account: [segmentValues.accountStatus(facts.accountStatus)],
      domain:
        facts.emailDomain === undefined
          ? null
          : [segmentValues.emailDomain(facts.emailDomain), segmentValues.hasEmailDomain],
      language:
        facts.language === undefined
          ? null
          : [segmentValues.language(facts.language), segmentValues.hasLanguage],
      tags: facts.tags.map(segmentValues.tag),
      places: [
        ...facts.countries.map(segmentValues.country),
        ...facts.regions.map(segmentValues.region),
        ...facts.cities.map(segmentValues.city),
        ...(facts.cities.length > 0 ? [segmentValues.hasCity] : []),
      ],
      purchases: [
        ...(facts.purchases.length > 0 ? [segmentValues.purchased] : []),
        ...facts.purchases.map((purchase) =>
          segmentValues.product(canonicalProductId(purchase.productId)),
        ),
      ],
    },
    numbers: [
      { name: segmentNumbers.amount, mode: "add", value: facts.amountUnits },
      { name: segmentNumbers.orders, mode: "add", value: facts.numberOfOrders },
      ...dates,
    ],
    entries: facts.purchases.map((purchase, line) => ({
      key: purchasesKey,
      suffix: `${canonicalProductId(purchase.productId)}${unitSeparator}${line}`,
      score: Date.parse(purchase.at),
    })),
  };
};
