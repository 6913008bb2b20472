import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock.js";
import { createCustomers } from "../customers/customerService.js";
import { getInMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import { systemPrincipal } from "../handling/authorize.js";
import { createLinkTokens } from "./linkTokens.js";
import { unsubscribeWithLink } from "./redeemLink.js";

const secret = "a link secret of at least thirty-two bytes";
const system = systemPrincipal("links spec");

const givenSubscriber = async () => {
  const clock = fixedClock("2026-05-01T10:00:00.000Z");
  const store = getInMemoryEventStore();
  const customers = createCustomers({ store, clock });
  const links = createLinkTokens({ secret, clock, ttlSeconds: 3600 });
  for (const [customerId, email] of [
    ["cus_pierre", "pierre@example.fr"],
    ["cus_marie", "marie@example.fr"],
  ]) {
    await customers.execute(
      { type: "CreateCustomer", customerId, source: "manual", email },
      system,
    );
    await customers.execute(
      { type: "UpdateEmailMarketingConsent", customerId, state: "SUBSCRIBED" },
      system,
    );
  }
  const ports = { store, execute: customers.execute, links, clock };
  const consentOf = async (id: string) =>
    (await customers.load(id, system)).state.emailConsent.state;
  const written = async () => (await store.readAll()).length;
  return { clock, customers, links, ports, consentOf, written };
};

describe("unsubscribe links", () => {
  it("unsubscribe without a sign-in, at once, as the customer", async () => {
    const { links, ports, consentOf, customers } = await givenSubscriber();
    const result = await unsubscribeWithLink(ports, links.issue("cus_pierre", "unsubscribe"));
    expect(await consentOf("cus_pierre")).toBe("UNSUBSCRIBED");
    expect(await consentOf("cus_marie")).toBe("SUBSCRIBED");
    expect(result.events.at(-1)?.metadata.actor).toEqual({
      kind: "customer",
      customerId: "cus_pierre",
    });
    const history = await customers.history("cus_pierre", system);
    expect(history.at(-1)?.type).toBe("EmailMarketingConsentUpdated");
  });

  const alter = (token: string, part: 1 | 2) => {
    const pieces = token.split(".");
    const piece = pieces[part] as string;
    pieces[part] = `${piece.slice(0, 5)}${piece[5] === "A" ? "B" : "A"}${piece.slice(6)}`;
    return pieces.join(".");
  };

  it.each([
    ["an altered payload", (t: string) => alter(t, 1), "LINK_TOKEN_INVALID"],
    ["an altered signature", (t: string) => alter(t, 2), "LINK_TOKEN_INVALID"],
    ["a truncated token", (t: string) => t.slice(0, -3), "LINK_TOKEN_INVALID"],
    ["no token at all", () => undefined, "LINK_TOKEN_INVALID"],
  ])("refuse %s and change nothing", async (_, tamper, code) => {
    const { links, ports, consentOf, written } = await givenSubscriber();
    const before = await written();
    const token = links.issue("cus_pierre", "unsubscribe");
    await expect(unsubscribeWithLink(ports, tamper(token))).rejects.toMatchObject({ code });
    expect(await consentOf("cus_pierre")).toBe("SUBSCRIBED");
    expect(await written()).toBe(before);
  });

  it("refuse a token signed with another secret", async () => {
    const { ports, written } = await givenSubscriber();
    const before = await written();
    const forged = createLinkTokens({ secret: "another secret, also thirty-two bytes long" });
    await expect(
      unsubscribeWithLink(ports, forged.issue("cus_pierre", "unsubscribe")),
    ).rejects.toMatchObject({ code: "LINK_TOKEN_INVALID" });
    expect(await written()).toBe(before);
  });

  it("refuse an expired token", async () => {
    const { links, ports, clock, consentOf, written } = await givenSubscriber();
    const token = links.issue("cus_pierre", "unsubscribe");
    clock.advance(3_600_000);
    const before = await written();
    await expect(unsubscribeWithLink(ports, token)).rejects.toMatchObject({
      code: "LINK_TOKEN_EXPIRED",
    });
    expect(await consentOf("cus_pierre")).toBe("SUBSCRIBED");
    expect(await written()).toBe(before);
  });

  it("refuse a replay: a token works once, also when 100 uses race", async () => {
    const { links, ports, customers, written } = await givenSubscriber();
    const token = links.issue("cus_pierre", "unsubscribe");
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, () => unsubscribeWithLink(ports, token)),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refusals = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason.code] : []));
    expect(new Set(refusals)).toEqual(new Set(["LINK_TOKEN_USED"]));
    await customers.execute(
      { type: "UpdateEmailMarketingConsent", customerId: "cus_pierre", state: "SUBSCRIBED" },
      system,
    );
    const before = await written();
    await expect(unsubscribeWithLink(ports, token)).rejects.toMatchObject({
      code: "LINK_TOKEN_USED",
    });
    expect(await written()).toBe(before);
  });

  it("refuse a token for another action or another customer", async () => {
    const { links, ports, written } = await givenSubscriber();
    const before = await written();
    await expect(
      unsubscribeWithLink(ports, links.issue("cus_pierre", "update_payment_method")),
    ).rejects.toMatchObject({
      code: "LINK_TOKEN_INVALID",
      details: { reason: /update_payment_method/ },
    });
    expect(() =>
      links.verify(
        links.issue("cus_marie", "update_payment_method"),
        "update_payment_method",
        "cus_pierre",
      ),
    ).toThrow(/another customer/);
    expect(await written()).toBe(before);
  });
});
