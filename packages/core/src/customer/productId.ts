/**
 * Shopify product ids are numbers: `01234` and `1234` name one product. Every place that keys,
 * stores or compares a product id uses this spelling (no leading zeros), so a query, an order
 * and an index agree whichever spelling each was given. Anything but digits is left as it is.
 *
 * @example canonicalProductId("01234") // "1234"
 */
export const canonicalProductId = (id: string): string =>
  /^\d+$/.test(id) ? id.replace(/^0+(?=\d)/, "") : id;
