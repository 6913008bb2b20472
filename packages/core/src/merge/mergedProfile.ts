import type { CustomerAddress } from "../customer/address.js";
import type { EventOf, GainedEvent } from "../customer/events/index.js";
import { evolve } from "../customer/evolve.js";
import type { Consent, CustomerState } from "../customer/state.js";
import { hasTag } from "../customer/tagSet.js";
import { type AccountState, settableConsentStates } from "../customer/vocabulary.js";
import { addressesGained, combinedNote } from "./combine.js";
import type { MergeKeep } from "./command.js";

type Contact = "firstName" | "lastName" | "email" | "phone";
const contactFields: readonly Contact[] = ["firstName", "lastName", "email", "phone"];

/** The account that went furthest wins: an enabled login must keep working after the merge. */
const accountRank: Record<AccountState, number> = {
  DISABLED: 0,
  DECLINED: 1,
  INVITED: 2,
  ENABLED: 3,
};

const isSettable = (consent: Consent): consent is EventOf<"EmailMarketingConsentUpdated">["data"] =>
  (settableConsentStates as readonly string[]).includes(consent.state);

/**
 * The consent the merged profile keeps: subscribed in either means subscribed (customers.md);
 * otherwise the consent given for the address the merged profile keeps.
 */
const mergedConsent = (kept: Consent, other: Consent): Consent =>
  kept.state !== "SUBSCRIBED" && other.state === "SUBSCRIBED" ? other : kept;

const sameConsent = (a: Consent, b: Consent) =>
  a.state === b.state && a.optInLevel === b.optInLevel && a.consentUpdatedAt === b.consentUpdatedAt;

/**
 * The events that turn `survivor` into the merged profile (`CustomerMerged.gained`), in an order
 * whose fold gives it. Contact fields come from the profile staff chose in `keep`, else the
 * survivor, falling back to the other one when the chosen value is empty so nothing is lost;
 * orders, addresses, tags, notes, tax settings, payment methods, gift cards and checkouts are
 * joined; the account that went furthest and any marketing subscription carry over.
 * `newId` mints an id for an absorbed address whose id the survivor already uses for another place.
 * @example gainedByMerge(survivor, absorbed, { email: absorbed.id }, newId)
 */
export const gainedByMerge = (
  survivor: CustomerState,
  absorbed: CustomerState,
  keep: MergeKeep,
  newId: () => string,
): GainedEvent[] => {
  const gained: GainedEvent[] = [];
  const chosen = (id: string | undefined) => (id === absorbed.id ? absorbed : survivor);

  const updated: EventOf<"CustomerUpdated">["data"] = {};
  const merged = { ...survivor };
  for (const field of contactFields) {
    const source = chosen(keep[field]);
    const other = source === survivor ? absorbed : survivor;
    const value = source[field] ?? other[field];
    merged[field] = value;
    if (value !== survivor[field]) updated[field] = value;
  }
  if (survivor.locale === null && absorbed.locale !== null) updated.locale = absorbed.locale;
  if (!survivor.taxExempt && absorbed.taxExempt) updated.taxExempt = true;
  const exemptions = [...new Set([...survivor.taxExemptions, ...absorbed.taxExemptions])];
  if (exemptions.length !== survivor.taxExemptions.length) updated.taxExemptions = exemptions;
  if (Object.keys(updated).length > 0) gained.push({ type: "CustomerUpdated", data: updated });

  const tags = absorbed.tags.filter(
    (tag, i) => !hasTag(survivor.tags, tag) && !hasTag(absorbed.tags.slice(0, i), tag),
  );
  if (tags.length > 0) gained.push({ type: "CustomerTagged", data: { tags } });

  const note = combinedNote(survivor, absorbed);
  if (note !== survivor.note) gained.push({ type: "CustomerNoted", data: { note } });

  const { added, same } = addressesGained(survivor, absorbed);
  const usedIds = new Set(survivor.addresses.map((a) => a.addressId));
  const renamed = new Map<string, string>();
  for (const address of added) {
    const addressId = usedIds.has(address.addressId) ? newId() : address.addressId;
    usedIds.add(addressId);
    renamed.set(address.addressId, addressId);
    const moved: CustomerAddress = { ...address, addressId };
    gained.push({ type: "AddressAdded", data: { address: moved } });
  }
  const absorbedDefault =
    absorbed.defaultAddressId === null
      ? null
      : (same.get(absorbed.defaultAddressId) ?? renamed.get(absorbed.defaultAddressId) ?? null);
  const wantedDefault =
    keep.defaultAddress === absorbed.id
      ? (absorbedDefault ?? survivor.defaultAddressId)
      : (survivor.defaultAddressId ?? absorbedDefault);

  const emailSource = merged.email === survivor.email ? survivor : absorbed;
  const phoneSource = merged.phone === survivor.phone ? survivor : absorbed;
  const emailConsent = mergedConsent(
    emailSource.emailConsent,
    (emailSource === survivor ? absorbed : survivor).emailConsent,
  );
  const smsConsent = mergedConsent(
    phoneSource.smsConsent,
    (phoneSource === survivor ? absorbed : survivor).smsConsent,
  );

  const account =
    accountRank[absorbed.accountState] > accountRank[survivor.accountState]
      ? absorbed.accountState
      : survivor.accountState;
  if (account !== survivor.accountState) {
    gained.push({ type: "AccountStateChanged", data: { accountState: account } });
  }

  for (const order of absorbed.orders) {
    if (!survivor.orders.some((held) => held.orderId === order.orderId)) {
      gained.push({ type: "OrderRecorded", data: order });
    }
  }
  for (const checkout of absorbed.checkouts) {
    if (!survivor.checkouts.some((held) => held.checkoutId === checkout.checkoutId)) {
      gained.push({ type: "CheckoutAbandoned", data: checkout });
    }
  }
  for (const method of absorbed.paymentMethods) {
    if (!survivor.paymentMethods.some((held) => held.paymentMethodId === method.paymentMethodId)) {
      gained.push({ type: "PaymentMethodStored", data: method });
    }
  }
  for (const card of absorbed.giftCards) {
    const type = card.status === "scheduled" ? "GiftCardScheduled" : "GiftCardDelivered";
    gained.push({ type, data: { giftCardId: card.giftCardId } });
  }

  // Defaults and consent last: adding addresses and changing contacts above may have moved them.
  const folded = gained.reduce<CustomerState>(evolve, survivor);
  if (wantedDefault !== null && folded.defaultAddressId !== wantedDefault) {
    gained.push({ type: "DefaultAddressSet", data: { addressId: wantedDefault } });
  }
  if (!sameConsent(folded.emailConsent, emailConsent) && isSettable(emailConsent) && merged.email) {
    gained.push({ type: "EmailMarketingConsentUpdated", data: emailConsent });
  }
  if (!sameConsent(folded.smsConsent, smsConsent) && isSettable(smsConsent) && merged.phone) {
    gained.push({ type: "SmsMarketingConsentUpdated", data: smsConsent });
  }
  return gained;
};
