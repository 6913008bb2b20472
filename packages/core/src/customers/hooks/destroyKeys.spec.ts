import { describe, expect, it } from "vitest";
import type { PersonalDataErased } from "../../erasure/processor.js";
import { getInMemoryKeyStore } from "../../privacy/inMemoryKeyStore.js";
import { destroyKeysOnErasure } from "./destroyKeys.js";

const erasure: PersonalDataErased = {
  customerId: "cus_a",
  subjectIds: ["cus_a", "cus_b"],
  reason: "redacted",
};

describe("destroyKeysOnErasure", () => {
  it("destroys the key of the profile and of every profile merged into it, then tells the caller", async () => {
    const keyStore = getInMemoryKeyStore();
    for (const id of ["cus_a", "cus_b", "cus_c"]) await keyStore.getOrCreate(id);
    const heard: { destroyed: string[] }[] = [];
    const hook = destroyKeysOnErasure(keyStore, async () => {
      const destroyed: string[] = [];
      for (const id of ["cus_a", "cus_b", "cus_c"])
        if ((await keyStore.get(id)).status === "destroyed") destroyed.push(id);
      heard.push({ destroyed });
    });
    await hook(erasure);
    expect(heard).toEqual([{ destroyed: ["cus_a", "cus_b"] }]);
    expect((await keyStore.get("cus_c")).status).not.toBe("destroyed");
  });

  it("without a key store only tells the caller", async () => {
    const heard: PersonalDataErased[] = [];
    await destroyKeysOnErasure(undefined, async (e) => {
      heard.push(e);
    })(erasure);
    expect(heard).toEqual([erasure]);
  });
});
