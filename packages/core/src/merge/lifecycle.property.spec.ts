import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock.js";
import type { CustomerState } from "../customer/state.js";
import { createCustomers } from "../customers/customerService.js";
import { isClienteleError } from "../errors.js";
import { getInMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import { staffPrincipal, systemPrincipal } from "../handling/authorize.js";
import { permissions } from "../permissions.js";

const anna = staffPrincipal("anna", [...permissions]);
const orders = systemPrincipal("orders");
const profiles = ["cus_p0", "cus_p1", "cus_p2", "cus_p3", "cus_p4"];
const who = fc.integer({ min: 0, max: profiles.length - 1 });

type Action =
  | { kind: "edit"; p: number; tag: string }
  | { kind: "order"; p: number }
  | { kind: "merge"; p: number; q: number; keepFirst: boolean; crashAfter: number | null }
  | { kind: "requestErasure"; p: number }
  | { kind: "cancelErasure"; p: number }
  | { kind: "process"; days: number }
  | { kind: "delete"; p: number }
  | { kind: "subscribe"; p: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant("edit" as const),
    p: who,
    tag: fc.constantFrom("vip", "VIP", "b2b"),
  }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("order" as const), p: who }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("merge" as const),
      p: who,
      q: who,
      keepFirst: fc.boolean(),
      crashAfter: fc.option(fc.integer({ min: 0, max: 7 })),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("requestErasure" as const), p: who }) },
  fc.record({ kind: fc.constant("cancelErasure" as const), p: who }),
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("process" as const),
      // Around the 10-day and six-month erasure periods.
      days: fc.constantFrom(0, 3, 11, 60, 200),
    }),
  },
  fc.record({ kind: fc.constant("delete" as const), p: who }),
  fc.record({ kind: fc.constant("subscribe" as const), p: who }),
);

class Crash extends Error {}
const closed = new Set(["merged", "redacted", "deleted"]);

describe("merges, erasures, deletions and edits in any order", () => {
  it("keep every closed profile closed and never lose an order from the survivor's totals", async () => {
    // What the runs went through, so the property cannot pass by never merging or erasing.
    const seen = { merged: 0, crashedMerges: 0, redacted: 0, deleted: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 25 }), async (actions) => {
        const store = getInMemoryEventStore();
        const clock = fixedClock("2026-01-01T00:00:00.000Z");
        let crashAt: number | null = null;
        let writes = 0;
        const customers = createCustomers({
          store,
          clock,
          afterMergeWrite: () => {
            if (crashAt !== null && writes++ === crashAt) throw new Crash();
          },
        });
        for (const [i, customerId] of profiles.entries()) {
          await customers.execute(
            { type: "CreateCustomer", customerId, source: "manual", email: `p${i}@example.com` },
            anna,
          );
        }
        const recorded = new Map<string, string>(); // orderId -> profile it was recorded on
        const seenClosed = new Map<string, CustomerState>();
        let orderCount = 0;

        const attempt = async (run: () => Promise<unknown>) => {
          try {
            await run();
          } catch (error) {
            if (error instanceof Crash) seen.crashedMerges++;
            else if (!isClienteleError(error)) throw error;
          }
        };

        for (const step of actions) {
          const p = profiles[step.kind === "process" ? 0 : step.p] as string;
          switch (step.kind) {
            case "edit":
              await attempt(() =>
                customers.execute({ type: "AddTags", customerId: p, tags: step.tag }, anna),
              );
              break;
            case "order": {
              const orderId = `o${orderCount++}`;
              await attempt(async () => {
                await customers.execute(
                  {
                    type: "RecordOrder",
                    customerId: p,
                    orderId,
                    placedAt: clock.now().toISOString(),
                    total: "1.00",
                    currency: "EUR",
                    lineItems: [],
                  },
                  orders,
                );
                recorded.set(orderId, p);
              });
              break;
            }
            case "merge": {
              const q = profiles[step.q] as string;
              crashAt = step.crashAfter;
              writes = 0;
              await attempt(() =>
                customers.merges.merge(
                  {
                    type: "MergeCustomers",
                    customerIds: [p, q],
                    ...(step.keepFirst ? { keep: { email: p } } : {}),
                  },
                  anna,
                ),
              );
              crashAt = null;
              await customers.merges.resumeMerges(systemPrincipal("resumer"));
              break;
            }
            case "requestErasure":
              await attempt(() =>
                customers.execute({ type: "RequestDataErasure", customerId: p }, anna),
              );
              break;
            case "cancelErasure":
              await attempt(() =>
                customers.execute({ type: "CancelDataErasure", customerId: p }, anna),
              );
              break;
            case "process":
              clock.advance(step.days * 86_400_000);
              await customers.processDueErasures();
              break;
            case "delete":
              await attempt(() =>
                customers.execute({ type: "DeleteCustomer", customerId: p }, anna),
              );
              break;
            case "subscribe":
              await attempt(() =>
                customers.execute(
                  { type: "StartSubscription", customerId: p, contractId: `c-${p}` },
                  orders,
                ),
              );
              break;
          }

          const states = new Map<string, CustomerState>();
          for (const id of profiles) states.set(id, (await customers.load(id, anna)).state);
          for (const [id, state] of states) {
            expect(state.mergeInProgress).toBeNull();
            const before = seenClosed.get(id);
            if (before) {
              // Closed stays closed; only what redaction left may go on to be deleted.
              expect(closed.has(state.status)).toBe(true);
              if (before.status === "merged")
                expect(state).toMatchObject({ status: "merged", mergedInto: before.mergedInto });
              if (before.status === "deleted") expect(state.status).toBe("deleted");
            }
            if (closed.has(state.status) && !before) seen[state.status as "merged"]++;
            if (closed.has(state.status)) seenClosed.set(id, state);
          }
          // Every order recorded is in the totals of the profile its customer ended up in.
          for (const [orderId, on] of recorded) {
            let owner = states.get(on) as CustomerState;
            while (owner.status === "merged")
              owner = states.get(owner.mergedInto as string) as CustomerState;
            expect(owner.orders.map((o) => o.orderId)).toContain(orderId);
          }
        }
      }),
      { numRuns: 100 },
    );
    expect(Object.values(seen).every((count) => count > 0)).toBe(true);
  });
});
