const dayMs = 86_400_000;
/** Day 0 of the index is 1900-01-01, so 17 bits reach 2258 and dates before 1970 still work. */
const epochDay = Date.UTC(1900, 0, 1) / dayMs;
export const maxIndexedDay = 2 ** 17 - 1;
/** The earliest instant of any local day is at most 14 hours before its UTC midnight (UTC+14). */
const dayAnchorMs = 14 * 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** Index day of a `yyyy-mm-dd` calendar day. */
export const indexDayOf = (day: string): number =>
  Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / dayMs -
  epochDay;

/**
 * An instant as the index stores it: its local day in the store's time zone, and the time within
 * that day counted from a fixed anchor before local midnight (so DST days need no special case:
 * within one local day, a later instant always has a larger time).
 */
export const instantParts = (ms: number, timeZone: string): { day: number; time: number } => {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms)))
    if (part.type === "year" || part.type === "month" || part.type === "day")
      fields[part.type] = Number(part.value);
  const utcMidnight = Date.UTC(fields.year ?? 0, (fields.month ?? 1) - 1, fields.day ?? 1);
  const day = utcMidnight / dayMs - epochDay;
  return { day: Math.min(Math.max(day, 0), maxIndexedDay), time: ms - utcMidnight + dayAnchorMs };
};
