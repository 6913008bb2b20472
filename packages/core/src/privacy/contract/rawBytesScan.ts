import { describe, expect, it } from "vitest";
import type { CustomerEvent } from "../../customer/events/index.js";
import { evolve } from "../../customer/evolve.js";
import { initialCustomerState } from "../../customer/state.js";
import { customerStreamName } from "../../customer/streams.js";
import { createCustomers } from "../../customers/customerService.js";
import type { EventStore } from "../../eventStore/eventStore.js";
import { staffPrincipal, systemPrincipal } from "../../handling/authorize.js";
import { snapshotStreamName, snapshottingLoader } from "../../snapshots/snapshotLoader.js";
import { describeCustomerEvent } from "../../timeline/describeEvent.js";
import { withCryptoShredding } from "../cryptoShredding.js";
import { getInMemoryKeyStore } from "../inMemoryKeyStore.js";

/** A store to scan: what it holds, as the text an attacker with the disk or a backup would read. */
export type ScannedStoreFactory = () => Promise<{
  store: EventStore;
  rawText(): Promise<string>;
  teardown(): Promise<void>;
}>;

const staff = staffPrincipal("anna", [
  "customers:view",
  "customers:edit",
  "customers:delete",
  "customers:email",
  "customers:payment_methods",
]);

const personal = {
  firstName: "Marguerite",
  lastName: "Donnadieu",
  email: "marguerite.donnadieu@example.fr",
  phone: "+33612348765",
  address1: "5 rue Saint-Benoit",
  city: "Trouville-sur-Mer",
  zip: "14360",
  note: "Allergic to angora wool",
  emailBody: "Your parcel of silk scarves is on its way",
  multipass: "multipass-marguerite-7f3a",
};
const secrets = Object.values(personal);

/**
 * The raw-bytes scan: a profile with every kind of personal data is written through
 * `createCustomers` with crypto-shredding (snapshots on), the store's raw bytes hold none of it,
 * and after deletion or redaction the key is gone and loading, replaying and describing the
 * history all work and show placeholders. Run it against every event store adapter.
 *
 * @example describeRawBytesScan("in-memory", async () => ({ store, rawText, teardown }));
 */
export const describeRawBytesScan = (
  name: string,
  factory: ScannedStoreFactory,
  options: { skipReason?: string } = {},
): void => {
  const { skipReason } = options;
  if (skipReason !== undefined) console.warn(`Raw-bytes scan "${name}" skipped: ${skipReason}`);
  const title = skipReason === undefined ? name : `${name} (skipped: ${skipReason})`;
  describe.skipIf(skipReason !== undefined)(title, () => {
    it("stores no personal field in plain text, and after deletion or redaction none is recoverable", async () => {
      const { store, rawText, teardown } = await factory();
      try {
        const keyStore = getInMemoryKeyStore();
        const customers = createCustomers({
          store,
          keyStore,
          uniquenessSecret: "raw-bytes-scan-uniqueness-secret",
          loader: snapshottingLoader({
            evolve,
            initialState: () => initialCustomerState,
            every: 2,
            stateVersion: 1,
          }),
        });
        const profile = async (customerId: string, email: string, phone: string) => {
          await customers.execute(
            {
              type: "CreateCustomer",
              customerId,
              source: "manual",
              firstName: personal.firstName,
              lastName: personal.lastName,
              email,
              phone,
              note: personal.note,
            },
            staff,
          );
          await customers.execute(
            {
              type: "AddAddress",
              customerId,
              address: {
                address1: personal.address1,
                city: personal.city,
                zip: personal.zip,
                countryCode: "FR",
              },
            },
            staff,
          );
          await customers.execute(
            {
              type: "SendEmail",
              customerId,
              from: "shop@elegance.example",
              subject: "Votre colis",
              body: personal.emailBody,
            },
            staff,
          );
          await customers.execute(
            { type: "SetMultipassIdentifier", customerId, multipassIdentifier: personal.multipass },
            systemPrincipal("storefront"),
          );
        };
        await profile("cus_deleted", personal.email, personal.phone);
        await profile("cus_redacted", `other.${personal.email}`, "+33612348766");

        const before = await rawText();
        expect(before).toContain("cus_deleted");
        expect(before).toContain(snapshotStreamName(customerStreamName("cus_deleted")));
        expect(secrets.filter((secret) => before.includes(secret))).toEqual([]);
        expect((await customers.load("cus_deleted", staff)).state).toMatchObject({
          email: personal.email,
          note: personal.note,
        });

        await customers.execute({ type: "DeleteCustomer", customerId: "cus_deleted" }, staff);
        // Redaction is appended the way the erasure processor's command appends it.
        await customers.store.appendToStream(customerStreamName("cus_redacted"), [
          {
            type: "CustomerRedacted",
            data: {},
            metadata: {
              eventId: "01KAQ5Z7N4B8XJ3V2M6T9R0CDE",
              actor: { kind: "system", reason: "erasure due" },
              correlationId: "scan",
              causationId: "scan",
              schemaVersion: 1,
              occurredAt: new Date().toISOString(),
            },
          },
        ]);

        const after = await rawText();
        expect(secrets.filter((secret) => after.includes(secret))).toEqual([]);
        for (const customerId of ["cus_deleted", "cus_redacted"]) {
          expect(await keyStore.get(customerId)).toEqual({ status: "destroyed" });
          // A fresh process, no caches: everything comes from the store and the key store.
          const cold = createCustomers({
            store,
            keyStore,
            uniquenessSecret: "raw-bytes-scan-uniqueness-secret",
          });
          const { state } = await cold.load(customerId, staff);
          expect(state).toMatchObject({
            firstName: null,
            email: null,
            phone: null,
            note: "",
            addresses: [],
            multipassIdentifier: null,
          });
          expect(state.emails[0]).toMatchObject({ body: "[redacted]", to: "[redacted]" });
          const history = await cold.history(customerId, staff);
          const replayed = JSON.stringify(history.map((e) => e.data));
          expect(secrets.filter((secret) => replayed.includes(secret))).toEqual([]);
          expect(replayed).toContain("[redacted]");
          const timeline = history.map((e) =>
            describeCustomerEvent(
              { type: e.type, data: e.data } as CustomerEvent,
              e.metadata.actor,
            ),
          );
          expect(timeline).toContain("Address added: [redacted], [redacted], FR by staff anna");
          const snapshots = await cold.store.readStream(
            snapshotStreamName(customerStreamName(customerId)),
          );
          expect(snapshots.length).toBeGreaterThan(0);
          expect(snapshots.every((s) => s.data.state === "[redacted]")).toBe(true);
        }
        // Even a reader holding a new key store, or none, gets nothing back.
        const otherKeys = withCryptoShredding(store, { keyStore: getInMemoryKeyStore() });
        await expect(otherKeys.readStream(customerStreamName("cus_deleted"))).rejects.toMatchObject(
          { code: "DATA_KEY_MISSING" },
        );
        expect(await customers.ownerOf("email", personal.email, staff)).toBeUndefined();
      } finally {
        await teardown();
      }
    });
  });
};
