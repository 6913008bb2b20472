import { describe, expect, it } from "vitest";
import type { CustomerEvent } from "../customer/events/index.js";
import {
  addressAdded,
  manyTags,
  order,
  redactionRequested,
  storedAddress,
} from "../customer/spec/fixtures.js";
import { first, givenPair, profile, second } from "./spec/givenPair.js";

const subscribed = {
  state: "SUBSCRIBED",
  optInLevel: "CONFIRMED_OPT_IN",
  consentUpdatedAt: "2025-05-01T00:00:00.000Z",
} as const;
const fact = (type: string, data: object) => ({ type, data }) as CustomerEvent;

describe("merging profiles: the survivor", () => {
  it("is the one whose email staff chose to keep", () => {
    const a = profile(first, { email: "a@example.com" });
    const b = profile(second, { email: "b@example.com" });
    expect(givenPair(a, b).whenMerging({ email: first }).then(first).email).toBe("a@example.com");
    expect(givenPair(a, b).whenMerging({ email: first }).preview.survivorReason).toBe("EMAIL_KEPT");
  });

  it("else the only one with an email", () => {
    const a = profile(first, { email: "a@example.com" });
    const b = profile(second, { phone: "+14155550123" });
    givenPair(a, b).whenMerging().then(first, { email: "a@example.com", phone: "+14155550123" });
  });

  it("else the one with an ENABLED account, then the one with marketing consent", () => {
    const enabled = profile(first, { firstName: "A", accountState: "ENABLED" });
    givenPair(enabled, profile(second, { firstName: "B" }))
      .whenMerging()
      .then(first, { accountState: "ENABLED" });
    const consenting = profile(first, { phone: "+14155550123", smsMarketingConsent: subscribed });
    const preview = givenPair(consenting, profile(second, { firstName: "B" })).whenMerging()
      .preview;
    expect([preview.survivorId, preview.survivorReason]).toEqual([first, "MARKETING_CONSENT"]);
  });

  it("else the second id", () => {
    const both = givenPair(
      profile(first, { email: "a@example.com" }),
      profile(second, { email: "b@example.com" }),
    );
    expect(both.whenMerging().preview).toMatchObject({
      survivorId: second,
      survivorReason: "SECOND_ID",
    });
  });
});

describe("merging profiles: what is kept and joined", () => {
  const a = profile(
    first,
    {
      firstName: "Ada",
      lastName: null,
      email: "ada@example.com",
      phone: "+14155550123",
      note: "Prefers mail",
      tags: ["VIP", "paris"],
    },
    addressAdded("a1", { city: "Paris", countryCode: "FR" }),
    order("o-1"),
  );
  const b = profile(
    second,
    {
      firstName: "Adeline",
      lastName: "King",
      email: "adeline@example.com",
      note: "Called twice",
      tags: ["vip", "b2c"],
      taxExempt: true,
      taxExemptions: ["CA_STATUS_CARD_EXEMPTION"],
    },
    addressAdded("b1", { city: "Lyon", countryCode: "FR" }),
    addressAdded("b2", { city: "Paris", countryCode: "FR" }),
    order("o-2"),
    fact("GiftCardScheduled", { giftCardId: "g1" }),
    fact("PaymentMethodStored", {
      paymentMethodId: "pm1",
      brand: "visa",
      last4: "4242",
      hasSubscriptionCredential: false,
    }),
  );

  it("joins orders, addresses (same place once), tags (ignoring case), notes, tax settings, gift cards and payment methods", () => {
    const merged = givenPair(a, b).whenMerging().then(second);
    expect(merged.orders.map((o) => o.orderId).sort()).toEqual(["o-1", "o-2"]);
    expect(merged.addresses.map((x) => x.city)).toEqual(["Lyon", "Paris"]);
    expect(merged.tags).toEqual(["vip", "b2c", "paris"]);
    expect(merged.note).toBe("Called twice\n\nPrefers mail");
    expect(merged).toMatchObject({ taxExempt: true, taxExemptions: ["CA_STATUS_CARD_EXEMPTION"] });
    expect(merged.giftCards).toEqual([{ giftCardId: "g1", status: "scheduled" }]);
    expect(merged.paymentMethods.map((p) => p.paymentMethodId)).toEqual(["pm1"]);
  });

  it("keeps the survivor's name, email and phone by default, filling what it lacks from the other", () => {
    givenPair(a, b).whenMerging().then(second, {
      firstName: "Adeline",
      lastName: "King",
      email: "adeline@example.com",
      phone: "+14155550123",
    });
  });

  it("overrides: staff choose whose first name, last name, email, phone and default address to keep", () => {
    const merged = givenPair(a, b)
      .whenMerging({
        firstName: first,
        lastName: first,
        email: second,
        phone: first,
        defaultAddress: first,
      })
      .then(second, { firstName: "Ada", email: "adeline@example.com", phone: "+14155550123" });
    // The absorbed profile had no last name: keeping "its" last name keeps the survivor's.
    expect(merged.lastName).toBe("King");
    // a1 (Paris) is the same place as the survivor's b2: the default points at the kept copy.
    expect(merged.defaultAddressId).toBe("b2");
    const keepEmailOfFirst = givenPair(a, b).whenMerging({ email: first }).then(first);
    expect(keepEmailOfFirst.email).toBe("ada@example.com");
    expect(keepEmailOfFirst.defaultAddressId).toBe("a1");
  });

  it("marketing: subscribed in either means subscribed", () => {
    const quiet = profile(first, { email: "a@example.com" });
    const keen = profile(second, { email: "b@example.com", emailMarketingConsent: subscribed });
    expect(givenPair(quiet, keen).whenMerging({ email: first }).then(first).emailConsent).toEqual(
      subscribed,
    );
    expect(givenPair(keen, quiet).whenMerging().then(second).emailConsent).toEqual(subscribed);
    const neither = givenPair(quiet, profile(second, { email: "b@example.com" }))
      .whenMerging()
      .then(second);
    expect(neither.emailConsent.state).toBe("NOT_SUBSCRIBED");
  });

  it("the account that went furthest carries over", () => {
    const enabled = profile(first, { email: "a@example.com", accountState: "ENABLED" });
    const invited = profile(second, { email: "b@example.com", accountState: "INVITED" });
    expect(
      givenPair(enabled, invited).whenMerging({ email: second }).then(second).accountState,
    ).toBe("ENABLED");
  });

  it("renames an absorbed address whose id the survivor already uses for another place", () => {
    const x = profile(first, { firstName: "X" }, addressAdded("a1", { city: "Paris" }));
    const y = profile(second, { firstName: "Y" }, addressAdded("a1", { city: "Lyon" }));
    const merged = givenPair(x, y).whenMerging().then(second);
    expect(merged.addresses.map((address) => [address.addressId, address.city])).toEqual([
      ["a1", "Lyon"],
      ["id-1", "Paris"],
    ]);
  });
});

describe("merging profiles: every blocker, all at once", () => {
  const plain = (id: string, ...events: CustomerEvent[]) =>
    profile(id, { firstName: id }, ...events);

  it.each([
    ["SUBSCRIPTIONS", fact("SubscriptionStarted", { contractId: "c1" })],
    ["SUBSCRIPTIONS", fact("SubscriptionEnded", { contractId: "c1" })],
    ["COMPANY_CONTACT", fact("CompanyContactLinked", { companyId: "co1" })],
    [
      "CUSTOMER_PAYMENT_METHODS",
      fact("PaymentMethodStored", {
        paymentMethodId: "p",
        brand: "visa",
        last4: "4242",
        hasSubscriptionCredential: true,
      }),
    ],
    ["STORE_CREDIT", fact("StoreCreditAccountOpened", { storeCreditAccountId: "sc1" })],
    ["MULTIPASS_IDENTIFIER", fact("MultipassIdentifierSet", { multipassIdentifier: "mp" })],
    ["DELETED", fact("CustomerDeleted", {})],
    ["REDACTED", fact("CustomerRedacted", {})],
    ["REDACTED", redactionRequested],
    [
      "MERGE_IN_PROGRESS",
      fact("CustomerMergeStarted", { mergeId: "m0", survivorId: first, absorbedId: "cus_x" }),
    ],
    [
      "PENDING_DATA_REQUEST",
      fact("DataRequestStarted", { requestId: "r1", requestedAt: "2026-01-01T00:00:00.000Z" }),
    ],
  ] as const)("%s", (reason, event) => {
    givenPair(plain(first, event), plain(second)).whenMerging().thenBlocked(reason);
    givenPair(plain(first), plain(second, event)).whenMerging().thenBlocked(reason);
  });

  it("SAME_CUSTOMER", () => {
    givenPair(plain(first), plain(first)).whenMerging().thenBlocked("SAME_CUSTOMER");
  });

  it("SAME_CUSTOMER lists the profile's own blockers too, each once", () => {
    const blocked = plain(
      first,
      fact("SubscriptionStarted", { contractId: "c1" }),
      fact("StoreCreditAccountOpened", { storeCreditAccountId: "sc1" }),
    );
    const preview = givenPair(blocked, blocked)
      .whenMerging()
      .thenBlocked("SAME_CUSTOMER", "SUBSCRIPTIONS", "STORE_CREDIT");
    expect(preview.blockers).toEqual([
      { reason: "SAME_CUSTOMER" },
      { reason: "SUBSCRIPTIONS", customerId: first },
      { reason: "STORE_CREDIT", customerId: first },
    ]);
  });

  it("NOTE_TOO_LONG: the combined note may not exceed 5,000 characters", () => {
    const note = (n: number) => "n".repeat(n);
    // Joined by a blank line: 2,499 + 2 + 2,499 = 5,000 fits; one more character does not.
    givenPair(profile(first, { note: note(2499) }), profile(second, { note: `m${note(2498)}` }))
      .whenMerging()
      .then(second);
    givenPair(profile(first, { note: note(2500) }), profile(second, { note: `m${note(2498)}` }))
      .whenMerging()
      .thenBlocked("NOTE_TOO_LONG");
  });

  it("TOO_MANY_TAGS: more than 250 combined, counted ignoring case", () => {
    const upper = manyTags(150, "T");
    givenPair(
      profile(first, { tags: manyTags(150) }),
      profile(second, { tags: [...upper.slice(0, 100), ...manyTags(100, "u")] }),
    )
      .whenMerging()
      .then(second);
    givenPair(
      profile(first, { tags: manyTags(150) }),
      profile(second, { tags: manyTags(101, "u") }),
    )
      .whenMerging()
      .thenBlocked("TOO_MANY_TAGS");
  });

  it("TOO_MANY_ADDRESSES: more than 250 different places combined", () => {
    const places = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        storedAddress(`${prefix}${i}`, { address1: `${prefix} ${i} Rue` }),
      );
    givenPair(
      profile(first, { addresses: places("a", 200), defaultAddressId: "a0" }),
      profile(second, { addresses: places("b", 51), defaultAddressId: "b0" }),
    )
      .whenMerging()
      .thenBlocked("TOO_MANY_ADDRESSES");
  });

  it("lists every reason at once, naming the profile each is about", () => {
    const preview = givenPair(
      profile(
        first,
        { firstName: "A", note: "x" },
        fact("SubscriptionStarted", { contractId: "c1" }),
        fact("StoreCreditAccountOpened", { storeCreditAccountId: "s" }),
      ),
      profile(
        second,
        { note: "n".repeat(5000), firstName: "B" },
        redactionRequested,
        fact("DataRequestStarted", { requestId: "r", requestedAt: "2026-01-01T00:00:00.000Z" }),
      ),
    )
      .whenMerging()
      .thenBlocked(
        "NOTE_TOO_LONG",
        "SUBSCRIPTIONS",
        "STORE_CREDIT",
        "REDACTED",
        "PENDING_DATA_REQUEST",
      );
    expect(preview.blockers).toContainEqual({ reason: "SUBSCRIPTIONS", customerId: first });
    expect(preview.blockers).toContainEqual({ reason: "REDACTED", customerId: second });
  });
});
