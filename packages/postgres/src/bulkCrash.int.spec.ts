import { fileURLToPath } from "node:url";
import {
  bulkCommandId,
  createCustomers,
  customerStreamName,
  type EventStore,
  newCustomerId,
  staffPrincipal,
} from "@clientele/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChild } from "../test/runChild.js";
import { createTestDatabase, serverReachable } from "../test/testDatabase.js";
import { getPostgresEventStore } from "./index.js";

const reachable = await serverReachable();
const child = fileURLToPath(new URL("../test/bulkCrashChild.mjs", import.meta.url));
const anna = staffPrincipal("anna", ["customers:edit", "customers:view", "customers:delete"]);

describe.skipIf(!reachable)(
  "a bulk run killed with SIGKILL (PostgreSQL, real child process)",
  () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let store: EventStore;

    beforeAll(async () => {
      database = await createTestDatabase();
      store = getPostgresEventStore({ connectionString: database.url });
    });

    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    it("resumes in another process without deleting anyone twice, and reports every profile deleted", async () => {
      const customers = createCustomers({ store });
      const ids: string[] = [];
      for (let i = 0; i < 200; i++) {
        const customerId = newCustomerId();
        ids.push(customerId);
        await customers.execute(
          { type: "CreateCustomer", customerId, source: "manual", firstName: `P${i}` },
          anna,
        );
      }
      const bulkId = "bulk-kill-test";
      // Kill somewhere inside the third chunk, with commands in flight.
      const { signal } = await runChild(
        child,
        [database.url, bulkId, JSON.stringify(ids)],
        (output) => output.includes("done 50"),
        () => 5 + Math.random() * 20,
      );
      expect(signal).toBe("SIGKILL");
      const interrupted = await customers.bulk.report(bulkId, anna);
      expect(interrupted.finished).toBe(false);

      const report = await createCustomers({ store }).bulk.resume(bulkId, anna);
      expect(report).toMatchObject({
        finished: true,
        total: 200,
        done: 200,
        changed: 200,
        failed: 0,
      });
      expect(new Set(report.items.map((item) => item.customerId))).toEqual(new Set(ids));
      for (const id of ids) {
        const events = await store.readStream(customerStreamName(id));
        const deletions = events.filter((e) => e.type === "CustomerDeleted");
        expect(deletions).toHaveLength(1);
        expect(deletions[0]?.metadata.causationId).toBe(bulkCommandId(bulkId, id));
      }
    });
  },
);
