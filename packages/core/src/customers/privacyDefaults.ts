import { randomBytes } from "node:crypto";
import { ClienteleError } from "../errors.js";
import type { EventStore } from "../eventStore/eventStore.js";
import { getInMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import type { UniquenessSecret } from "../handling/reservations.js";
import { isCryptoShredding, withCryptoShredding } from "../privacy/cryptoShredding.js";
import { getInMemoryKeyStore } from "../privacy/inMemoryKeyStore.js";
import type { KeyStore } from "../privacy/keyStore.js";

export interface PrivacyOptions {
  store?: EventStore | undefined;
  keyStore?: KeyStore | false | undefined;
  uniquenessSecret?: UniquenessSecret | undefined;
}

/**
 * Public and therefore no secret at all: keeps a store that was given no secret working across
 * restarts (a random one would forget every reservation), while the warning says to set one.
 */
const unconfiguredSecret = "clientele-unconfigured-uniqueness-secret";

const warned = new Set<string>();
const warnOnce = (code: string, message: string) => {
  if (warned.has(code)) return;
  warned.add(code);
  process.emitWarning(message, { code });
};

/**
 * What `createCustomers` stores through and keys uniqueness with. With no store, everything lives
 * in memory and dies together: an in-memory key store and a random secret are then exactly right,
 * so shredding is on by default. With a store you own, Clientele cannot invent durable secrets:
 * pass a durable `keyStore` (or `false`) and a `uniquenessSecret`; each one missing is warned about
 * once, and the store is used as given (no encryption, a public hash key).
 */
export const resolvePrivacy = (
  options: PrivacyOptions,
): { store: EventStore; keyStore: KeyStore | undefined; uniquenessSecret: UniquenessSecret } => {
  const embedded = options.store === undefined;
  const base = options.store ?? getInMemoryEventStore();
  const keyStore = options.keyStore ?? (embedded ? getInMemoryKeyStore() : undefined);
  if (keyStore && isCryptoShredding(base)) {
    throw new ClienteleError(
      "VALIDATION_FAILED",
      "The store already encrypts personal fields (withCryptoShredding); pass keyStore: false, or pass the undecorated store with your keyStore.",
      { fields: ["keyStore"] },
    );
  }
  if (options.keyStore === undefined && !embedded && !isCryptoShredding(base)) {
    warnOnce(
      "CLIENTELE_NO_SHREDDING",
      "createCustomers: personal data is stored in plain text because no keyStore was given with your store. Pass a durable keyStore (e.g. getRedisKeyStore from @clientele/redis), or keyStore: false to choose plain text explicitly. See docs/privacy.md.",
    );
  }
  if (options.uniquenessSecret === undefined && !embedded) {
    warnOnce(
      "CLIENTELE_NO_UNIQUENESS_SECRET",
      "createCustomers: no uniquenessSecret was given with your store, so email and phone reservation keys use a public default that anyone can recompute. Pass a stable secret of 16+ random bytes. See docs/privacy.md.",
    );
  }
  return {
    store: keyStore ? withCryptoShredding(base, { keyStore }) : base,
    keyStore: keyStore || undefined,
    uniquenessSecret: options.uniquenessSecret ?? (embedded ? randomBytes(32) : unconfiguredSecret),
  };
};
