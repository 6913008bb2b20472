import fc from "fast-check";

/** Code units a hostile or careless client sends: lone halves, NUL, astral pairs, RTL marks, combining. */
const hostileUnit = fc.oneof(
  fc.constantFrom(
    "\ud800",
    "\udbff",
    "\udc00",
    "\udfff",
    "\u0000",
    "😀",
    "𝔸",
    "\u200f",
    "\u202e",
    "e\u0301",
    "@",
    ",",
  ),
  fc.integer({ min: 0x20, max: 0x7e }).map((unit) => String.fromCharCode(unit)),
  fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
);

/** Short strings of those units: what specs of every boundary feed in. */
export const hostileString = (maxLength = 10): fc.Arbitrary<string> =>
  fc.string({ unit: hostileUnit, maxLength });
