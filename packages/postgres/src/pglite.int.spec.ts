import { contractEvent } from "@clientele/core/contract";
import { afterEach, describe, expect, it } from "vitest";
import { createTempDir } from "../test/testDatabase.js";
import { getPGliteDriver, getPGliteEventStore, migrate } from "./index.js";

describe("PGlite event store on disk", () => {
  let dir: Awaited<ReturnType<typeof createTempDir>> | undefined;

  afterEach(async () => {
    await dir?.remove();
  });

  it("keeps events across a restart and does not re-run migrations", async () => {
    dir = await createTempDir();
    const first = getPGliteEventStore({ dataDir: dir.path });
    const written = await first.appendToStream("customer-1", [contractEvent("Registered")], {
      expectedRevision: "no_stream",
    });
    await first.close();

    const driver = getPGliteDriver(dir.path);
    expect(await migrate(driver, "public")).toEqual([]);
    await driver.close();

    const second = getPGliteEventStore({ dataDir: dir.path });
    const [event] = await second.readStream("customer-1");
    expect(event?.type).toBe("Registered");
    expect(event?.position).toBe(written.position);
    const next = await second.appendToStream("customer-1", [contractEvent("Tagged")], {
      expectedRevision: 0,
    });
    expect(next.position).toBeGreaterThan(written.position);
    await second.close();
  });

  it("wakes subscriptions on NOTIFY rather than waiting for the poll", async () => {
    dir = await createTempDir();
    const store = getPGliteEventStore({ dataDir: dir.path, pollIntervalMs: 60_000 });
    await store.readAll();
    const delivered: string[] = [];
    const subscription = store.subscribe({}, (event) => {
      delivered.push(event.type);
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await store.appendToStream("customer-1", [contractEvent("Registered")]);
    const deadline = Date.now() + 5_000;
    while (delivered.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(delivered).toEqual(["Registered"]);
    await subscription.stop();
    await store.close();
  });

  it("serialises concurrent appends on its single connection", async () => {
    dir = await createTempDir();
    const store = getPGliteEventStore({ dataDir: dir.path });
    await Promise.all(
      Array.from({ length: 20 }, (_, writer) =>
        store.appendToStream("shared", [
          contractEvent("Written", { writer }),
          contractEvent("Written", { writer }),
        ]),
      ),
    );
    const events = await store.readStream("shared");
    expect(events.map((event) => event.revision)).toEqual([...Array(40).keys()]);
    for (let i = 0; i < 40; i += 2) {
      expect(events[i]?.data.writer).toBe(events[i + 1]?.data.writer);
    }
    await store.close();
  });
});
