import { describe, expect, it } from "vitest";
import { contractEvent, describeEventStoreContract } from "./contract/index.js";
import { getInMemoryEventStore } from "./inMemoryEventStore.js";

describeEventStoreContract("in-memory", async () => {
  const store = getInMemoryEventStore();
  return { store, teardown: () => store.close() };
});

describe("in-memory store specifics", () => {
  it("keeps a long-lived subscription from piling listeners on its abort signal", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const store = getInMemoryEventStore();
      let delivered = 0;
      const subscription = store.subscribe({}, () => {
        delivered++;
      });
      // One append at a time, so the subscription waits (and is woken) once per append.
      for (let i = 0; i < 30; i++) {
        await store.appendToStream("s", [contractEvent()]);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      await subscription.stop();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(delivered).toBe(30);
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("treats a negative start as the beginning rather than counting from the end", async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream("s", [contractEvent(), contractEvent()]);
    expect(await store.readStream("s", { fromRevision: -1 })).toHaveLength(2);
    expect(await store.readAll({ after: -5n })).toHaveLength(2);
  });
});
