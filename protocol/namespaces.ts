/**
 * Socket.IO namespace names. Apart from the event maps (which import the schema library) so that
 * browser clients can import them as values.
 */

/** The chat app inside the widget's iframe. */
export const VISITOR_NAMESPACE = '/visitor';

/** The agent console. */
export const AGENT_NAMESPACE = '/agent';
