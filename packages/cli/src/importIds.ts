import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** The file's SHA-256: the same file always names the same import, whatever its path. */
export const importIdOf = async (path: string): Promise<string> => {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex").slice(0, 32);
};

/**
 * The profile id row `row` of import `importId` creates: derived, not minted, so a run killed
 * after writing a row and started again finds that row's profile instead of creating a second.
 * Same shape as core's ids (`cus_` + 26 Crockford base32 characters).
 *
 * @example rowCustomerId("9f2c...", 2) // "cus_..."
 */
export const rowCustomerId = (importId: string, row: number): string => {
  const digest = createHash("sha256").update(`${importId}:${row}`).digest();
  let id = "cus_";
  for (let i = 0; i < 26; i++) id += crockford[(digest[i] as number) & 31];
  return id;
};
