/** Redis strings as bitmaps in memory, with BITOP's semantics. */
export type Bitmap = Uint8Array;
export const emptyBitmap: Bitmap = new Uint8Array(0);

/** Redis' BITOP: the result is as long as the longest operand, missing bytes read as zero. */
const combine = (operands: readonly Bitmap[], op: (a: number, b: number) => number): Bitmap => {
  const length = Math.max(0, ...operands.map((bitmap) => bitmap.length));
  const out = new Uint8Array(length);
  const [first = emptyBitmap, ...rest] = operands;
  out.set(first);
  for (const bitmap of rest) {
    for (let i = 0; i < length; i++) out[i] = op(out[i] as number, bitmap[i] ?? 0) & 0xff;
  }
  return out;
};
export const and = (...operands: Bitmap[]) => combine(operands, (a, b) => a & b);
export const or = (...operands: Bitmap[]) => combine(operands, (a, b) => a | b);
export const xor = (...operands: Bitmap[]) => combine(operands, (a, b) => a ^ b);

export const popCount = (bitmap: Bitmap): number => {
  let count = 0;
  for (const byte of bitmap) {
    let b = byte;
    while (b) {
      b &= b - 1;
      count++;
    }
  }
  return count;
};

/** Set bit positions after `after`, Redis' bit order (bit 0 is the high bit of byte 0). */
export const positions = (bitmap: Bitmap, after: number, limit: number): number[] => {
  const out: number[] = [];
  for (let bit = after + 1; bit < bitmap.length * 8 && out.length < limit; bit++) {
    if (((bitmap[bit >> 3] as number) >> (7 - (bit & 7))) & 1) out.push(bit);
  }
  return out;
};
