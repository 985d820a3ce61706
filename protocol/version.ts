/**
 * Version of the wire protocol spoken by the widget, the console and the server.
 *
 * Bump it on any incompatible change to an event, payload or route. The loader is cached on other
 * organisations' sites, so a client that sends an older version is refused with `client_outdated`
 * (ARCHITECTURE.md, "The wire contract") instead of failing in some confusing way later.
 */
export const PROTOCOL_VERSION = 2;
