import { ClienteleError } from "@clientele/core";
import type { DateValue } from "./ast.js";

/**
 * Date semantics of the segment language. A store has one IANA time zone; "a day" is a local
 * calendar day there. Days are plain `yyyy-mm-dd` strings (they sort like the days they name),
 * and calendar arithmetic happens on them in UTC, where no day is 23 or 25 hours long.
 */

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      throw new ClienteleError(
        "VALIDATION_FAILED",
        `Unknown time zone "${timeZone}": give the store's IANA time zone, such as "America/Toronto"`,
        { field: "timeZone", expected: "an IANA time zone name", found: timeZone },
      );
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const localFields = (instant: Date, timeZone: string): Fields => {
  const fields: Fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type in fields) fields[part.type as keyof Fields] = Number(part.value);
  }
  return fields;
};

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

const dayOf = (utcMs: number): string => {
  const d = new Date(utcMs);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};

const utcMsOfDay = (day: string): number =>
  Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));

/** True when `yyyy-mm-dd` names a day that exists (no 2021-02-29). */
export const isRealDay = (day: string): boolean => {
  const ms = utcMsOfDay(day);
  return Number.isFinite(ms) && Number(day.slice(0, 4)) >= 1 && dayOf(ms) === day;
};

/** True when `yyyy-mm-ddTHH:mm:ss` has a real day and a time from 00:00:00 to 23:59:59. */
export const isRealDateTime = (dateTime: string): boolean =>
  isRealDay(dateTime.slice(0, 10)) &&
  Number(dateTime.slice(11, 13)) <= 23 &&
  Number(dateTime.slice(14, 16)) <= 59 &&
  Number(dateTime.slice(17, 19)) <= 59;

/** The local day of `instant` in `timeZone`, e.g. localDay(2020-05-30T03:00Z, "America/Toronto") = "2020-05-29". */
export const localDay = (instant: Date, timeZone: string): string => {
  const f = localFields(instant, timeZone);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`;
};

/** Milliseconds the zone is ahead of UTC at `instant` (Paris in summer: +7_200_000). */
const zoneOffsetMs = (instantMs: number, timeZone: string): number => {
  const f = localFields(new Date(instantMs), timeZone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return asUtc - (instantMs - (((instantMs % 1000) + 1000) % 1000));
};

/**
 * The instant a local wall-clock time names in `timeZone`. When clocks go back and the time
 * happens twice, the earlier instant; when clocks go forward and it never happens, the time
 * shifted forward by the gap (as Temporal's "compatible" disambiguation does).
 */
export const zonedInstant = (dateTime: string, timeZone: string): Date => {
  const wall = Date.UTC(
    Number(dateTime.slice(0, 4)),
    Number(dateTime.slice(5, 7)) - 1,
    Number(dateTime.slice(8, 10)),
    Number(dateTime.slice(11, 13)),
    Number(dateTime.slice(14, 16)),
    Number(dateTime.slice(17, 19)),
  );
  const before = zoneOffsetMs(wall - DAY_MS, timeZone);
  const after = zoneOffsetMs(wall + DAY_MS, timeZone);
  const candidates = [wall - before, wall - after]
    .filter((ms) => zoneOffsetMs(ms, timeZone) === wall - ms)
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? wall - before);
};

/** `day` moved by `days` (negative goes back). */
export const addDays = (day: string, days: number): string =>
  dayOf(utcMsOfDay(day) + days * DAY_MS);

/** `day` moved by whole calendar months, clamped to the month's end (03-31 minus 1 month = 02-28/29). */
export const addMonths = (day: string, months: number): string => {
  const monthIndex = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const dayOfMonth = Math.min(Number(day.slice(8, 10)), lastDay);
  const ms = Date.UTC(year, month, dayOfMonth);
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear puts them back.
  const date = new Date(ms);
  date.setUTCFullYear(year);
  return dayOf(date.getTime());
};

export interface DateContext {
  /** The store's IANA time zone, e.g. "Europe/Paris". */
  readonly timeZone: string;
  /** The evaluation instant; inject a fixed one in tests and replays. */
  readonly now: Date;
}

const deprecated = {
  "7_days_ago": { amount: -7, unit: "d" },
  "30_days_ago": { amount: -30, unit: "d" },
  "90_days_ago": { amount: -90, unit: "d" },
  "12_months_ago": { amount: -12, unit: "m" },
} as const;

/**
 * The local day a whole-day value names: `today`, `yesterday`, an offset from today (`d` and
 * `w` count days, `m` and `y` calendar months and years), a deprecated `N_days_ago`, or a date.
 *
 * @example resolveDay({ type: "offset", amount: -1, unit: "m" }, { timeZone: "Europe/Paris", now: new Date("2024-03-31T12:00:00Z") }) // "2024-02-29"
 */
export const resolveDay = (
  value: Exclude<DateValue, { type: "dateTime" }>,
  context: DateContext,
): string => {
  if (value.type === "date") return value.value;
  const today = localDay(context.now, context.timeZone);
  const offset =
    value.type === "offset"
      ? value
      : value.name === "today"
        ? { amount: 0, unit: "d" as const }
        : value.name === "yesterday"
          ? { amount: -1, unit: "d" as const }
          : deprecated[value.name];
  switch (offset.unit) {
    case "d":
      return addDays(today, offset.amount);
    case "w":
      return addDays(today, offset.amount * 7);
    case "m":
      return addMonths(today, offset.amount);
    case "y":
      return addMonths(today, offset.amount * 12);
  }
};

/**
 * Compares an instant with a date value: -1, 0 or 1 as the instant falls before, on or after it.
 * A whole-day value compares the instant's local day; a date-time compares the exact instant.
 */
export const compareToDateValue = (
  instant: Date,
  value: DateValue,
  context: DateContext,
): number => {
  if (value.type === "dateTime") {
    return Math.sign(instant.getTime() - zonedInstant(value.value, context.timeZone).getTime());
  }
  const day = localDay(instant, context.timeZone);
  const target = resolveDay(value, context);
  return day < target ? -1 : day > target ? 1 : 0;
};
