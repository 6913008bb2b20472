import type { OnPersonalDataErased } from "../../erasure/processor.js";
import type { KeyStore } from "../../privacy/keyStore.js";

/**
 * The key-destruction hook run after an erasure. The store shreds the erased profile's own key as
 * it appends; the profiles merged into it hold the same person's data under their own keys, so
 * those go too, before the caller's own hook hears of it.
 */
export const destroyKeysOnErasure =
  (keyStore: KeyStore | undefined, then?: OnPersonalDataErased): OnPersonalDataErased =>
  async (erasure) => {
    if (keyStore) for (const id of erasure.subjectIds) await keyStore.destroy(id);
    await then?.(erasure);
  };
