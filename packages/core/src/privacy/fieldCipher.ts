import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** An encrypted JSON value: base64 of IV (12 bytes) + GCM tag (16 bytes) + ciphertext. */
export interface EncryptedValue {
  $aesgcm: string;
}

const ivBytes = 12;
const tagBytes = 16;

/** 96-bit IVs sliced from a pooled CSPRNG buffer: one syscall per 4 KiB, not one per field. */
const nextIv = (() => {
  let pool = randomBytes(4096);
  let offset = 0;
  return (): Buffer => {
    if (offset + ivBytes > pool.length) {
      pool = randomBytes(4096);
      offset = 0;
    }
    const iv = pool.subarray(offset, offset + ivBytes);
    offset += ivBytes;
    return iv;
  };
})();

/**
 * Encrypts any JSON value with AES-256-GCM under `key`, binding it to `subjectId` (additional
 * authenticated data) so a ciphertext copied into another customer's event fails to decrypt.
 *
 * @example encryptValue(key, "cus_1", "ada@example.com") // { $aesgcm: "q1v..." }
 */
export const encryptValue = (
  key: Uint8Array,
  subjectId: string,
  value: unknown,
): EncryptedValue => {
  const iv = nextIv();
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(subjectId, "utf8"));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return { $aesgcm: Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64") };
};

/**
 * The value `encryptValue` sealed. Throws when the key, the subject or the bytes do not match:
 * tampering or a mix-up must never read as data.
 *
 * @example decryptValue(key, "cus_1", envelope) // "ada@example.com"
 */
export const decryptValue = (
  key: Uint8Array,
  subjectId: string,
  envelope: EncryptedValue,
): unknown => {
  const bytes = Buffer.from(envelope.$aesgcm, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, ivBytes));
  decipher.setAAD(Buffer.from(subjectId, "utf8"));
  decipher.setAuthTag(bytes.subarray(ivBytes, ivBytes + tagBytes));
  const plain = Buffer.concat([
    decipher.update(bytes.subarray(ivBytes + tagBytes)),
    decipher.final(),
  ]);
  return JSON.parse(plain.toString("utf8"));
};
