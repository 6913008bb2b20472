const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A ULID's 128 bits written as a UUID. EventStoreDB identifies events by UUID; deriving it from
 * the event's ULID (instead of a random one) makes a retried append idempotent on the server.
 */
export const ulidToUuid = (ulid: string): string => {
  let value = 0n;
  for (const char of ulid.toUpperCase()) {
    const digit = crockford.indexOf(char);
    if (digit < 0) throw new Error(`Not a ULID: ${ulid}`);
    value = value * 32n + BigInt(digit);
  }
  const hex = value.toString(16).padStart(32, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
