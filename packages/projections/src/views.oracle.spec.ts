import {
  type CustomerState,
  createCustomers,
  getInMemoryEventStore,
  getInMemoryKeyStore,
  permissions,
  type RecordedEvent,
  staffPrincipal,
  systemPrincipal,
  withCryptoShredding,
} from "@clientele/core";
import fc from "fast-check";
import { expect, it } from "vitest";
import { directory } from "./directory/directory.js";
import { findCustomerByEmail, readCustomer } from "./directory/readDirectory.js";
import { getInMemoryReadModelStore } from "./readModel/inMemoryReadModelStore.js";
import { project } from "./testing/customerHistory.js";
import { readTimeline } from "./timeline/readTimeline.js";
import { timeline } from "./timeline/timeline.js";

/*
 * The views against the decider: commands run through createCustomers (validation, uniqueness,
 * merges, erasure with crypto-shredding), then the directory must agree with each profile's
 * folded state and the timeline with its merged history. The projection reads through the
 * decrypting store, as a service would.
 */

const ids = ["cus_a", "cus_b", "cus_c"] as const;
const id = fc.constantFrom(...ids);
const anna = staffPrincipal("anna", [...permissions]);
const system = systemPrincipal("orders import");
/** Facts from other systems (orders, due redactions) are the system's to record. */
const systemCommands = new Set(["RecordOrder", "RedactCustomer"]);

type Step = (customers: ReturnType<typeof createCustomers>) => Promise<unknown>;
const run =
  (
    command: (state: CustomerState | undefined) => { type: string } & Record<string, unknown>,
    customerId: string,
  ): Step =>
  async (customers) => {
    const state = await customers.load(customerId, anna).then(
      (loaded) => loaded.state,
      () => undefined,
    );
    const input = { customerId, ...command(state) };
    const principal = systemCommands.has(input.type) ? system : anna;
    return customers.execute(input, principal).catch(() => undefined);
  };
const addressAt = (state: CustomerState | undefined, index: number) =>
  state?.addresses[index % Math.max(1, state.addresses.length)]?.addressId ?? "none";

const step: fc.Arbitrary<Step> = fc.oneof(
  fc
    .record({
      id,
      email: fc.constantFrom("ada@example.com", "Bo@example.com", undefined),
      first: fc.constantFrom("Ada", "Bo"),
    })
    .map(({ id, email, first }) =>
      run(
        () => ({
          type: "CreateCustomer",
          source: "manual",
          firstName: first,
          ...(email ? { email } : {}),
        }),
        id,
      ),
    ),
  fc
    .record(
      {
        id,
        email: fc.constantFrom("ada@example.com", "CY@example.com", null),
        phone: fc.constantFrom("+14155550123", null),
        lastName: fc.constantFrom("King", null),
      },
      { requiredKeys: ["id"] },
    )
    .map(({ id, ...fields }) => run(() => ({ type: "UpdateCustomer", ...fields }), id)),
  fc
    .record({ id, tags: fc.constantFrom("vip", "VIP, gold", "b2b") })
    .map(({ id, tags }) => run(() => ({ type: "AddTags", tags }), id)),
  fc
    .record({ id, tags: fc.constantFrom("vip", "gold") })
    .map(({ id, tags }) => run(() => ({ type: "RemoveTags", tags }), id)),
  fc
    .record({ id, city: fc.constantFrom("Paris", "Oslo"), setAsDefault: fc.boolean() })
    .map(({ id, city, setAsDefault }) =>
      run(
        () => ({
          type: "AddAddress",
          address: { address1: `1 ${city} St`, city, countryCode: city === "Paris" ? "FR" : "NO" },
          setAsDefault,
        }),
        id,
      ),
    ),
  fc
    .record({ id, index: fc.nat(3) })
    .map(({ id, index }) =>
      run((state) => ({ type: "RemoveAddress", addressId: addressAt(state, index) }), id),
    ),
  fc
    .record({ id, index: fc.nat(3) })
    .map(({ id, index }) =>
      run((state) => ({ type: "SetDefaultAddress", addressId: addressAt(state, index) }), id),
    ),
  fc
    .record({ id, state: fc.constantFrom("SUBSCRIBED", "UNSUBSCRIBED") })
    .map(({ id, state }) =>
      run(() => ({ type: "UpdateEmailMarketingConsent", state, optInLevel: "SINGLE_OPT_IN" }), id),
    ),
  fc
    .record({ id, orderId: fc.constantFrom("o1", "o2"), total: fc.constantFrom("10.99", "3") })
    .map(({ id, orderId, total }) =>
      run(
        () => ({
          type: "RecordOrder",
          orderId,
          total,
          currency: "USD",
          placedAt: "2026-01-02T09:00:00.000Z",
          lineItems: [],
        }),
        id,
      ),
    ),
  fc
    .record({ id, note: fc.constantFrom("call first", "") })
    .map(({ id, note }) => run(() => ({ type: "SetNote", note }), id)),
  id.map((id) => run(() => ({ type: "DeleteCustomer" }), id)),
  id.map<Step>((id) => async (customers) => {
    await run(() => ({ type: "RequestDataErasure" }), id)(customers);
    await run(() => ({ type: "RedactCustomer" }), id)(customers);
  }),
  fc.tuple(id, id).map<Step>(
    ([a, b]) =>
      (customers) =>
        customers.merges
          .merge({ type: "MergeCustomers", customerIds: [a, b] }, anna)
          .catch(() => undefined),
  ),
);

const defaultPlace = (state: CustomerState) => {
  const address =
    state.addresses.find((a) => a.addressId === state.defaultAddressId) ?? state.addresses[0];
  return { city: address?.city ?? null, countryCode: address?.countryCode ?? null };
};

it("the directory agrees with every profile's folded state, and the timeline with its merged history", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
      const base = getInMemoryEventStore();
      const keyStore = getInMemoryKeyStore();
      const customers = createCustomers({
        store: base,
        keyStore,
        uniquenessSecret: Buffer.alloc(32, 7),
        erasurePeriods: { withoutRecentOrderDays: 0, afterLastOrderMonths: 0 },
      });
      for (const [n, customerId] of ids.entries())
        await customers.execute(
          {
            type: "CreateCustomer",
            customerId,
            source: "manual",
            firstName: "Ada",
            email: `c${n}@example.com`,
          },
          anna,
        );
      for (const apply of steps) await apply(customers);
      const decrypting = withCryptoShredding(base, { keyStore });
      const events: RecordedEvent[] = await decrypting.readAll({ maxCount: 100_000 });
      const readModel = getInMemoryReadModelStore();
      await project(readModel, directory, events, 7);
      await project(readModel, timeline, events, 7);

      for (const customerId of ids) {
        const loaded = await customers.load(customerId, anna).catch(() => undefined);
        const summary = await readCustomer(readModel, customerId);
        if (!loaded || loaded.state.status === "none") {
          expect(summary).toBeUndefined();
          continue;
        }
        const { state, revision } = loaded;
        // Merged-in summaries forward to the survivor and keep no personal data (directory.ts).
        const merged = state.status === "merged";
        const erased = state.status === "redacted" || state.status === "deleted";
        expect(summary).toMatchObject({
          status: state.status,
          survivorId: state.mergedInto,
          mergeInProgress: state.mergeInProgress?.mergeId ?? null,
          ...(merged
            ? { firstName: null, lastName: null, email: null, phone: null, city: null }
            : {
                firstName: state.firstName,
                lastName: state.lastName,
                email: state.email,
                phone: state.phone,
                ...defaultPlace(state),
              }),
          ...(erased || merged ? {} : { locale: state.locale }),
          tags: [...state.tags].sort(),
          accountState: state.accountState,
          orders: state.orders.length,
          ...(merged
            ? {}
            : {
                emailMarketingConsent: state.emailConsent.state,
                smsMarketingConsent: state.smsConsent.state,
              }),
          revision,
        });
        if (state.status === "active" && state.email)
          expect((await findCustomerByEmail(readModel, state.email))?.id).toBe(customerId);

        const history = await customers.history(customerId, anna);
        const { entries } = await readTimeline(readModel, customerId, {
          audience: "staff",
          limit: 1000,
        });
        expect(entries.map((entry) => entry.position)).toEqual(
          history.map((event) => String(event.position)).reverse(),
        );
      }
    }),
    { numRuns: 100 },
  );
});
