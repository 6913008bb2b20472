import {
  type CustomerAddress,
  type CustomerEvent,
  canonicalProductId,
  type GainedEvent,
} from "@clientele/core";
import { allValue } from "./bitmapQuery.js";
import type { IndexEntityChange, IndexNumberChange } from "./indexEntity.js";
import { unitSeparator } from "./indexEntity.js";
import {
  amountUnits,
  dateChange,
  placeValues,
  purchasesKey,
  segmentNumbers,
  segmentValues,
} from "./segmentVocabulary.js";

const tagSlot = (tag: string) => `tag:${tag.toLowerCase()}`;
const addressSlot = (address: { addressId: string }) => `address:${address.addressId}`;

const emailDomain = (email: string | null) => {
  const at = email?.lastIndexOf("@") ?? -1;
  return email && at >= 0
    ? [segmentValues.emailDomain(email.slice(at + 1)), segmentValues.hasEmailDomain]
    : null;
};
const language = (locale: string | null) =>
  locale ? [segmentValues.language(locale), segmentValues.hasLanguage] : null;

const addresses = (list: readonly CustomerAddress[]) =>
  Object.fromEntries(list.map((address) => [addressSlot(address), placeValues(address)]));

/** What one ordinary event changes (also each event a survivor gains in a merge). */
const gainedChange = (
  event:
    | GainedEvent
    | Extract<CustomerEvent, { type: "CustomerUntagged" | "AddressRemoved" | "AddressUpdated" }>,
  timeZone: string,
): IndexEntityChange | undefined => {
  switch (event.type) {
    case "CustomerUpdated": {
      const slots: Record<string, string[] | null> = {};
      if (event.data.email !== undefined) slots.domain = emailDomain(event.data.email);
      if (event.data.locale !== undefined) slots.language = language(event.data.locale);
      return Object.keys(slots).length > 0 ? { slots } : undefined;
    }
    case "CustomerTagged":
      return {
        slots: Object.fromEntries(
          event.data.tags.map((tag) => [tagSlot(tag), [segmentValues.tag(tag)]]),
        ),
      };
    case "CustomerUntagged":
      return { slots: Object.fromEntries(event.data.tags.map((tag) => [tagSlot(tag), null])) };
    case "AddressAdded":
    case "AddressUpdated":
      return { slots: addresses([event.data.address]) };
    case "AddressRemoved":
      return { slots: { [addressSlot(event.data)]: null } };
    case "EmailMarketingConsentUpdated":
      return { slots: { email: [segmentValues.emailConsent(event.data.state)] } };
    case "SmsMarketingConsentUpdated":
      return { slots: { sms: [segmentValues.smsConsent(event.data.state)] } };
    case "AccountStateChanged":
      return { slots: { account: [segmentValues.accountStatus(event.data.accountState)] } };
    case "CheckoutAbandoned":
      return { numbers: [dateChange("abandoned", "max", event.data.abandonedAt, timeZone)] };
    case "OrderRecorded": {
      const { orderId, placedAt, total, lineItems } = event.data;
      const products = [...new Set(lineItems.map((line) => canonicalProductId(line.productId)))];
      const numbers: IndexNumberChange[] = [
        { name: segmentNumbers.amount, mode: "add", value: amountUnits(total) },
        { name: segmentNumbers.orders, mode: "add", value: 1 },
        dateChange("lastOrder", "max", placedAt, timeZone),
        dateChange("firstOrder", "min", placedAt, timeZone),
      ];
      if (products.length === 0) return { numbers };
      return {
        numbers: [
          ...numbers,
          dateChange("lastPurchase", "max", placedAt, timeZone),
          dateChange("firstPurchase", "min", placedAt, timeZone),
        ],
        slots: {
          [`order:${orderId}`]: [segmentValues.purchased, ...products.map(segmentValues.product)],
        },
        entries: products.map((productId) => ({
          key: purchasesKey,
          suffix: `${productId}${unitSeparator}${orderId}`,
          score: Date.parse(placedAt),
        })),
      };
    }
    default:
      return undefined;
  }
};

/**
 * The segment-index changes one customer event makes, in order. A customer merged into another,
 * deleted or redacted leaves every segment; the survivor of a merge gains the absorbed profile's
 * events and is indexed as if they had happened to it.
 */
export const customerChanges = (
  event: CustomerEvent,
  occurredAt: string,
  timeZone: string,
): IndexEntityChange[] => {
  switch (event.type) {
    case "CustomerCreated": {
      const data = event.data;
      return [
        {
          slots: {
            all: [allValue],
            email: [segmentValues.emailConsent(data.emailMarketingConsent.state)],
            sms: [segmentValues.smsConsent(data.smsMarketingConsent.state)],
            account: [segmentValues.accountStatus(data.accountState)],
            domain: emailDomain(data.email),
            language: language(data.locale),
            ...Object.fromEntries(data.tags.map((tag) => [tagSlot(tag), [segmentValues.tag(tag)]])),
            ...addresses(data.addresses),
          },
          numbers: [
            { name: segmentNumbers.amount, mode: "add", value: 0 },
            { name: segmentNumbers.orders, mode: "add", value: 0 },
            dateChange("added", "set", occurredAt, timeZone),
          ],
        },
      ];
    }
    case "CustomerMerged":
      return event.data.gained.flatMap((gained) => {
        const change = gainedChange(gained, timeZone);
        return change ? [change] : [];
      });
    case "CustomerMergedInto":
    case "CustomerDeleted":
    case "CustomerRedacted":
      return [{ remove: true }];
    case "CustomerUpdated":
    case "CustomerTagged":
    case "CustomerUntagged":
    case "AddressAdded":
    case "AddressUpdated":
    case "AddressRemoved":
    case "EmailMarketingConsentUpdated":
    case "SmsMarketingConsentUpdated":
    case "AccountStateChanged":
    case "CheckoutAbandoned":
    case "OrderRecorded": {
      const change = gainedChange(event, timeZone);
      return change ? [change] : [];
    }
    default:
      return [];
  }
};
