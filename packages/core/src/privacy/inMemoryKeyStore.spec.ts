import { describeKeyStoreContract } from "./contract/index.js";
import { getInMemoryKeyStore } from "./inMemoryKeyStore.js";

describeKeyStoreContract("in-memory key store", async () => ({
  keyStore: getInMemoryKeyStore(),
  teardown: async () => undefined,
}));
