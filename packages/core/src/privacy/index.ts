export {
  type CryptoShreddingOptions,
  isCryptoShredding,
  isSealedEvent,
  withCryptoShredding,
} from "./cryptoShredding.js";
export {
  decryptValue,
  type EncryptedValue,
  encryptValue,
} from "./fieldCipher.js";
export { getInMemoryKeyStore } from "./inMemoryKeyStore.js";
export { type DataKeyLookup, dataKeyBytes, type KeyStore } from "./keyStore.js";
export {
  mapPersonalValues,
  type PersonalFieldMap,
  type PersonalPath,
  somePersonalValue,
} from "./personalPaths.js";
export { redactedPlaceholder } from "./placeholder.js";
export {
  type ShredClosedSubjectsOptions,
  type ShredClosedSubjectsResult,
  shredClosedSubjects,
} from "./shredClosedSubjects.js";
