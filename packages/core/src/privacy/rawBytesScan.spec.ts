import { getInMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import { describeRawBytesScan } from "./contract/index.js";

describeRawBytesScan("raw-bytes scan: in-memory store", async () => {
  const store = getInMemoryEventStore();
  return {
    store,
    // The in-memory store's bytes are the events it keeps, exactly as appended.
    rawText: async () =>
      JSON.stringify(await store.readAll(), (_, value) =>
        typeof value === "bigint" ? String(value) : value,
      ),
    teardown: () => store.close(),
  };
});
