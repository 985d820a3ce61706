/**
 * IANA time-zone names (`Europe/Paris`, `America/Toronto`, `UTC`), as a browser reports its own
 * and a console asks reports in. No schema library: the chat app imports it as a value.
 */

/** The shape of an IANA name: one to three parts of letters, digits, `_`, `+` or `-`. */
export const TIME_ZONE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;
export const TIME_ZONE_NAME_MAX = 64;

/** Whether `zone` is shaped as an IANA name and this runtime's time-zone data knows it. */
export function isKnownTimeZone(zone: string): boolean {
  if (zone.length > TIME_ZONE_NAME_MAX || !TIME_ZONE_NAME_PATTERN.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
