/**
 * The console's HTTP calls: sign in, restore the session from its cookie, sign out. Errors come
 * back as stable codes (translated by the caller), never as the server's English message.
 */
import { SSO_ERROR_CODES, type SsoErrorCode } from '../../protocol/error-codes.js';
import type { SignInBody, SignInMethodsResponse, SignInResponse } from '../../protocol/http.js';
import type { AgentProfile } from '../../protocol/models.js';
import type { ConsoleErrorCode } from './console-types.js';
import { errorCodeOf } from './wire-errors.js';

export type AuthResult = { ok: true; session: SignInResponse } | { ok: false; code: ConsoleErrorCode };

export function signIn(body: SignInBody): Promise<AuthResult> {
  return sessionRequest('/api/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** The session behind the cookie, if any: how a reload keeps the agent signed in. */
export function currentSession(): Promise<AuthResult> {
  return sessionRequest('/api/auth/me', { method: 'GET' });
}

/** Ends the session. Best effort: the console returns to sign-in whatever the answer. */
export async function signOut(): Promise<void> {
  try {
    // No body and no content-type: the server would refuse an empty JSON body.
    await fetch('/api/auth/sign-out', { method: 'POST', credentials: 'same-origin' });
  } catch {
    // Offline: the cookie stays, but the session expires on its own.
  }
}

async function sessionRequest(url: string, init: RequestInit): Promise<AuthResult> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'same-origin', headers: { accept: 'application/json', ...init.headers } });
  } catch {
    return { ok: false, code: 'network' };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && isSignInResponse(body)) return { ok: true, session: body };
  return { ok: false, code: errorCodeOf(body) ?? (response.status >= 500 ? 'unavailable' : 'internal') };
}

function isSignInResponse(body: unknown): body is SignInResponse {
  if (typeof body !== 'object' || body === null || !('agent' in body) || !('expiresAt' in body)) return false;
  const agent: unknown = body.agent;
  return typeof body.expiresAt === 'string' && isAgentProfile(agent);
}

/** Enough of a check that the console can rely on the fields it reads. */
function isAgentProfile(value: unknown): value is AgentProfile {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof AgentProfile, unknown>>;
  return (
    typeof candidate.id === 'string' &&
    typeof candidate.displayName === 'string' &&
    typeof candidate.role === 'string' &&
    typeof candidate.status === 'string' &&
    typeof candidate.maxConcurrentChats === 'number'
  );
}

/** The ways in the sign-in page offers; password only when the server cannot be asked (as before SSO). */
export async function signInMethods(): Promise<SignInMethodsResponse> {
  try {
    const response = await fetch('/api/auth/methods', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    const body: unknown = await response.json();
    if (response.ok && typeof body === 'object' && body !== null && 'sso' in body && 'password' in body) {
      return { sso: body.sso === true, password: body.password !== false };
    }
  } catch {
    // Offline or an older server: the password form, as the page always showed.
  }
  return { sso: false, password: true };
}

/** Where single sign-on starts: a navigation, as the provider's pages are not the console's. */
export const SSO_START_URL = '/api/auth/sso/start';

const SSO_ERROR_SET: ReadonlySet<string> = new Set(SSO_ERROR_CODES);

/** The code single sign-on came back with (`/console/?sso_error=…`); null when none or not one we know. */
export function ssoErrorInAddress(): SsoErrorCode | null {
  const code = new URL(window.location.href).searchParams.get('sso_error');
  return code !== null && SSO_ERROR_SET.has(code) ? (code as SsoErrorCode) : null;
}

/** Takes the code off the address once shown, so a reload or a bookmark does not show it again. */
export function clearSsoErrorFromAddress(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('sso_error')) return;
  url.searchParams.delete('sso_error');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}
