import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commandInput } from "../customer/spec/arbitraries.js";
import { createCustomers } from "../customers/customerService.js";
import { isClienteleError } from "../errors.js";
import { getInMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import { systemPrincipal } from "../handling/authorize.js";
import { customerPrincipal, selfServiceCommands } from "./customerPrincipal.js";

const system = systemPrincipal("self-service matrix");
const me = "cus_me";
const other = "cus_other";
const gone = "cus_gone";

/** A shop with the customer, another one, and a profile merged into the customer's. */
const givenShop = async () => {
  const store = getInMemoryEventStore();
  const customers = createCustomers({ store });
  // Created before the customer's own profile, so the merge keeps the customer's (the newer one).
  for (const [customerId, email] of [
    [gone, "gone@example.com"],
    [other, "other@example.com"],
    [me, "me@example.com"],
  ] as const)
    await customers.execute(
      { type: "CreateCustomer", customerId, source: "manual", email },
      system,
    );
  await customers.merges.merge(
    { type: "MergeCustomers", customerIds: [gone, me], keep: { email: me } },
    system,
  );
  return { store, customers };
};

/** The rules of self-service.md, written out once more: what the customer may send. */
const mayRun = (command: { type: string } & Record<string, unknown>): boolean => {
  const allowed = selfServiceCommands[command.type as keyof typeof selfServiceCommands];
  if (allowed === undefined) return false;
  if (allowed === "any") return true;
  const envelope = ["type", "customerId", "expectedRevision", "commandId"];
  return Object.keys(command).every((field) => envelope.includes(field) || allowed.includes(field));
};

describe("a customer principal", () => {
  it("may do exactly what self-service allows, on exactly its own profile; everything else is FORBIDDEN and writes nothing", async () => {
    const { store, customers } = await givenShop();
    expect((await customers.load(gone, system)).state.mergedInto).toBe(me);
    await fc.assert(
      fc.asyncProperty(
        commandInput,
        fc.constantFrom(me, other, gone),
        fc.constantFrom(me, gone),
        async (command, target, signedIn) => {
          const input = { ...command, customerId: target };
          const before = (await store.readAll()).length;
          let refused: unknown;
          await customers.execute(input, customerPrincipal(signedIn)).catch((error) => {
            refused = error;
          });
          const allowed = signedIn === me && target === me && mayRun(input);
          if (allowed) {
            expect(isClienteleError(refused, "FORBIDDEN"), String(refused)).toBe(false);
            return;
          }
          expect(isClienteleError(refused, "FORBIDDEN"), `${command.type} on ${target}`).toBe(true);
          expect((await store.readAll()).length).toBe(before);
          if (signedIn === gone && target === gone && mayRun(input) && isClienteleError(refused))
            expect(refused.details.survivorId).toBe(me);
        },
      ),
      { numRuns: 600 },
    );
  });

  it("is named on the events it causes, and a staff-requested erasure stays staff's to cancel", async () => {
    const { customers } = await givenShop();
    const result = await customers.execute(
      { type: "UpdateCustomer", customerId: me, firstName: "Pierre", locale: "fr" },
      customerPrincipal(me),
    );
    expect(result.events[0]?.metadata.actor).toEqual({ kind: "customer", customerId: me });
    await customers.execute({ type: "RequestDataErasure", customerId: other }, system);
    await expect(
      customers.execute({ type: "CancelDataErasure", customerId: other }, customerPrincipal(other)),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED_CANCELLATION" });
    await customers.execute({ type: "RequestDataErasure", customerId: me }, customerPrincipal(me));
    const cancelled = await customers.execute(
      { type: "CancelDataErasure", customerId: me },
      customerPrincipal(me),
    );
    expect(cancelled.events.map((event) => event.type)).toEqual(["RedactionCancelled"]);
  });

  it("is refused by every staff service: loads, merges and bulk name the permission it lacks", async () => {
    const { customers } = await givenShop();
    const principal = customerPrincipal(me);
    await expect(customers.load(me, principal)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      customers.merges.merge({ type: "MergeCustomers", customerIds: [me, other] }, principal),
    ).rejects.toMatchObject({ code: "FORBIDDEN", details: { permission: "customers:merge" } });
  });
});
