import {
  createCustomers,
  getInMemoryEventStore,
  getInMemoryKeyStore,
  systemPrincipal,
} from "@clientele/core";
import { describe, expect, it } from "vitest";
import { directory } from "./directory/directory.js";
import { readCustomer } from "./directory/readDirectory.js";
import { startProjector } from "./projector.js";
import { getInMemoryReadModelStore } from "./readModel/inMemoryReadModelStore.js";

describe("a projector handed the raw store of a crypto-shredding service", () => {
  const given = async () => {
    const store = getInMemoryEventStore();
    const customers = createCustomers({
      store,
      keyStore: getInMemoryKeyStore(),
      uniquenessSecret: "encrypted store spec secret",
    });
    const { events } = await customers.execute(
      { type: "CreateCustomer", customerId: "cus_1", source: "manual", email: "ada@example.com" },
      systemPrincipal("spec"),
    );
    return { store, customers, head: events.at(-1)?.position as bigint };
  };

  it("fails with ENCRYPTED_EVENTS saying to pass customers.store, whatever the poison policy", async () => {
    const { store } = await given();
    for (const onPoisonEvent of ["stop", "park"] as const) {
      const readModel = getInMemoryReadModelStore();
      const projector = await startProjector({
        store,
        readModel,
        projection: directory,
        onPoisonEvent,
      });
      await expect(projector.done).rejects.toMatchObject({
        code: "ENCRYPTED_EVENTS",
        message: expect.stringContaining("customers.store"),
      });
      expect(projector.status()).toMatchObject({ state: "failed", checkpoint: null });
      await projector.stop();
    }
  });

  it("projects customers.store, which decrypts", async () => {
    const { customers, head } = await given();
    const readModel = getInMemoryReadModelStore();
    const projector = await startProjector({
      store: customers.store,
      readModel,
      projection: directory,
    });
    await projector.waitFor(head);
    expect((await readCustomer(readModel, "cus_1"))?.email).toBe("ada@example.com");
    await projector.stop();
  });
});
