/**
 * Stable error codes. Clients switch on the code, never on the message text, and translate it.
 * Kept free of any schema library so the widget can import them cheaply.
 */
import type { UnavailableReason } from './hours.js';

export const ERROR_CODES = [
  'invalid_payload',
  'payload_too_large',
  'unauthenticated',
  'session_expired',
  'invalid_credentials',
  'forbidden',
  'origin_not_allowed',
  'not_found',
  'conflict',
  'at_capacity',
  'conversation_closed',
  'chat_unavailable',
  /** A transfer's target agent is not signed in and Available (away, offline, or their console is gone). */
  'target_unavailable',
  /** A transfer's target agent already holds as many chats as their limit allows. */
  'target_at_capacity',
  /** A transfer's target does not chat in the conversation's language (an agent), or serves another language (a queue). */
  'language_mismatch',
  /** A transfer to oneself, to the agent already holding the chat, or to the queue it already waits in. */
  'invalid_target',
  /** The conversation has been transferred as many times as one chat may be. */
  'transfer_limit',
  /** A wrap-up for a chat this agent does not owe one for (not ended, not theirs, already saved, or past its deadline). */
  'wrap_up_not_owed',
  /** A new password is shorter than the least (protocol/accounts.ts, PASSWORD_MIN_LENGTH). */
  'password_too_short',
  /** A new password is longer than PASSWORD_MAX characters. */
  'password_too_long',
  /** A new password is one of the common passwords (or the account's email). */
  'password_common',
  /** The change would leave no active manager (the last one cannot be demoted or deactivated). */
  'last_manager',
  /** A one-time password link that is unknown, already used, replaced by a newer one, or expired. */
  'link_invalid',
  /** A rollout policy that cannot be saved (the message lists each problem, rule by rule). */
  'invalid_policy',
  /** A manager approving their own rollout change: another manager must. */
  'self_approval',
  /** A rollout change that is no longer pending (applied, withdrawn or failed). */
  'not_pending',
  /** An edit of a rollout change by someone other than the manager who proposed it. */
  'not_proposer',
  /** An approval of a rollout change that narrows the offer: it needs none. */
  'approval_not_needed',
  'rate_limited',
  'client_outdated',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes after which the same request may succeed if sent again later, unchanged. */
export const RETRYABLE_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'rate_limited',
  'unavailable',
  'internal',
]);

/** The one error shape: in socket acknowledgements and in HTTP error bodies (`{ error }`). */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** With `chat_unavailable`: why (closed now, a holiday, past the last admission, switched off). */
  reason?: UnavailableReason;
}

/** Every acknowledged socket command answers with this union. */
export type Ack<T extends object = Record<never, never>> =
  | ({ ok: true } & T)
  | { ok: false; error: ErrorBody };

/** The callback a client passes as the last argument of a command. */
export type AckCallback<T extends object = Record<never, never>> = (response: Ack<T>) => void;

/** The response type of a command in an event map: `AckResponse<VisitorClientEvents['message:send']>`. */
export type AckResponse<Command> = Command extends (payload: never, ack: (response: infer R) => void) => void ? R : never;

/** The payload type of a command in an event map. */
export type CommandPayload<Command> = Command extends (payload: infer P, ack: never) => void ? P : never;

/** The success fields of a command's acknowledgement (what the server's handler returns). */
export type AckFields<Command> = AckResponse<Command> extends Ack<infer T> ? T : never;

/** HTTP error responses: `{ "error": { "code": "...", "message": "..." } }`. */
export interface HttpErrorResponse {
  error: ErrorBody;
}
