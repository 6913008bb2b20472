/**
 * What a personal field reads as once its subject's key is destroyed: every personal value, whatever
 * its type was, becomes this string. Timelines and read models show it as is.
 */
export const redactedPlaceholder = "[redacted]";
