import { describeEventStoreContract } from "./contract/index.js";
import { getInMemoryEventStore } from "./inMemoryEventStore.js";

describeEventStoreContract("in-memory", async () => {
  const store = getInMemoryEventStore();
  return { store, teardown: () => store.close() };
});
