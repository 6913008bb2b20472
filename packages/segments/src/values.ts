import { canonicalProductId } from "@clientele/core";
import type { DateValue, NamedDate, OffsetUnit, Value } from "./ast.js";
import type { AttributeType } from "./attributes.js";
import type { Cursor } from "./cursor.js";
import { isRealDateTime, isRealDay } from "./dates.js";
import { canonicalDecimal } from "./decimal.js";
import { isDecimalText, type Token } from "./tokenizer.js";

/** Offsets reach back (or forward) at most a century, so every resolved day is a real one. */
const maxOffset: Record<OffsetUnit, number> = { d: 36_600, w: 5_300, m: 1_200, y: 100 };

const dateExpectation =
  "a date (2020-05-30), an offset (-7d, -2w, -1m, -1y, +30d), a named date (today, yesterday) or a date-time (2020-05-30T04:00:00)";

const parseNumber = (cursor: Cursor, token: Token, attribute: string, whole: boolean): Value => {
  const wholeNumber = `a whole number for ${attribute}, such as 10`;
  if (token.kind !== "number") {
    return cursor.fail(token, {
      expected: whole ? wholeNumber : `a number for ${attribute}, such as 10.99`,
    });
  }
  if (whole && (token.text.includes(".") || !Number.isSafeInteger(Number(token.text)))) {
    cursor.fail(token, { expected: wholeNumber });
  }
  return { type: "number", value: canonicalDecimal(token.text) };
};

/** Reads a date value: a day, a date-time, an offset or a named date. */
export const parseDate = (cursor: Cursor, attribute: string): DateValue => {
  const token = cursor.advance();
  switch (token.kind) {
    case "date":
      if (!isRealDay(token.text)) {
        cursor.fail(token, { expected: `a real calendar day for ${attribute}` });
      }
      return { type: "date", value: token.text };
    case "dateTime":
      if (!isRealDateTime(token.text)) {
        cursor.fail(token, { expected: `a real date-time for ${attribute} (hours 00–23)` });
      }
      return { type: "dateTime", value: token.text };
    case "offset": {
      const unit = token.text.slice(-1) as OffsetUnit;
      const amount = Number(token.text.slice(0, -1)) + 0;
      if (Math.abs(amount) > maxOffset[unit]) {
        cursor.fail(token, {
          expected: `an offset of at most ${maxOffset[unit]}${unit} (100 years)`,
        });
      }
      return { type: "offset", amount, unit };
    }
    case "namedDate":
      return { type: "named", name: token.text as NamedDate };
    default:
      return cursor.fail(token, { expected: `${dateExpectation} for ${attribute}` });
  }
};

/** Reads a value and checks it against the attribute's type (enums against their values). */
export const parseValue = (cursor: Cursor, type: AttributeType, attribute: string): Value => {
  if (type.kind === "date") return parseDate(cursor, attribute);
  const token = cursor.advance();
  switch (type.kind) {
    case "decimal":
      return parseNumber(cursor, token, attribute, false);
    case "integer":
      return parseNumber(cursor, token, attribute, true);
    case "enum": {
      if (token.kind !== "string" || !type.values.includes(token.value)) {
        const choices = type.values.map((v) => `'${v}'`).join(", ");
        cursor.fail(token, { expected: `one of ${choices} for ${attribute}` });
      }
      return { type: "string", value: token.value };
    }
    case "string":
    case "list":
      if (token.kind !== "string") {
        cursor.fail(token, { expected: `a quoted string for ${attribute}` });
      }
      return { type: "string", value: token.value };
  }
};

/** `low AND high` after BETWEEN; a date-time and an offset may not share one (segments.md). */
export const parseBounds = (
  cursor: Cursor,
  type: AttributeType,
  attribute: string,
): [Value, Value] => {
  const lowToken = cursor.peek();
  const low = parseValue(cursor, type, attribute);
  cursor.expectKeyword("AND", "AND between the two bounds of BETWEEN");
  const highToken = cursor.peek();
  const high = parseValue(cursor, type, attribute);
  const mixes = (a: Value, b: Value) => a.type === "dateTime" && b.type === "offset";
  if (mixes(low, high) || mixes(high, low)) {
    cursor.fail(low.type === "offset" ? lowToken : highToken, {
      expected:
        low.type === "dateTime"
          ? "a date, named date or date-time to go with the date-time"
          : "a date, named date or offset to go with the offset",
      summary:
        "BETWEEN cannot mix a date-time with an offset; use two date-times, or dates/offsets/named dates",
    });
  }
  return [low, high];
};

/** A product id: digits (kept as text, exact beyond 2^53) or a non-empty quoted string. */
export const parseProductId = (cursor: Cursor): Value => {
  const token = cursor.advance();
  if (token.kind === "number" && isDecimalText(token.text) && !token.text.includes(".")) {
    return { type: "productId", value: canonicalProductId(token.text) };
  }
  if (token.kind === "string" && token.value.length > 0) {
    return { type: "productId", value: canonicalProductId(token.value) };
  }
  return cursor.fail(token, { expected: "a product id, such as 2012162031638" });
};
