/** One RFC 4180 record with CRLF, quoting only where needed; no formula guard (reports are ours). */
export const csvRecord = (cells: readonly (string | number | undefined)[]): string =>
  `${cells
    .map((cell) => {
      const text = cell === undefined ? "" : String(cell);
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(",")}\r\n`;
