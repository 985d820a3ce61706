/**
 * The Accounts page and the change-password page (issue #9, point 1), the pure part: a form's
 * draft, what it is missing before it is sent, what an edit changes, where a server refusal is
 * shown (beside its field), and the list kept in order. No DOM, no connection: the components
 * (AccountsPage.tsx, ChangePasswordPage.tsx) draw it, accounts-client.ts sends it.
 */
import type { AccountCreate, AccountUpdate, AccountView } from '../../protocol/accounts.js';
import { LANGUAGES, type Language } from '../../protocol/languages.js';
import { AGENT_CHAT_LIMIT_MAX, DISPLAY_NAME_MAX, PASSWORD_MIN_LENGTH } from '../../protocol/limits.js';
import type { Role } from '../../protocol/models.js';
import type { ConsoleErrorCode } from './console-types.js';

/** An account form as typed: the limit stays text until it is checked. */
export interface AccountDraft {
  email: string;
  displayName: string;
  role: Role;
  languages: Language[];
  queueIds: string[];
  maxConcurrentChats: string;
}

/** The fields of the account form, and `form` for what belongs to none. */
export type AccountField = 'email' | 'displayName' | 'role' | 'languages' | 'queueIds' | 'maxConcurrentChats' | 'form';

/** What the console itself finds wrong before sending (the server checks it all again). */
export type DraftProblem = 'email_missing' | 'email_invalid' | 'name_missing' | 'name_too_long' | 'languages_missing' | 'limit_invalid' | 'nothing_changed';

export type FieldProblems = Partial<Record<AccountField, DraftProblem>>;

/** The fields in the order the form shows them: focus goes to the first one with a problem. */
const ACCOUNT_FIELD_ORDER: readonly AccountField[] = ['email', 'displayName', 'role', 'languages', 'queueIds', 'maxConcurrentChats', 'form'];

/** The fields with a problem, in the order of the form. */
export function fieldsInFormOrder(problems: Partial<Record<AccountField, unknown>>): AccountField[] {
  return ACCOUNT_FIELD_ORDER.filter((field) => problems[field] !== undefined);
}

/** The limit a new account starts with (as the demo's agents). */
export const DEFAULT_CHAT_LIMIT = 3;

export const ROLES: readonly Role[] = ['agent', 'supervisor', 'manager'];

/** A blank form for a new account: an agent in both languages. */
export function emptyDraft(): AccountDraft {
  return { email: '', displayName: '', role: 'agent', languages: [...LANGUAGES], queueIds: [], maxConcurrentChats: String(DEFAULT_CHAT_LIMIT) };
}

/** The form for editing an account, filled with what it has now. */
export function draftOf(account: AccountView): AccountDraft {
  return {
    email: account.email,
    displayName: account.displayName,
    role: account.role,
    languages: [...account.languages],
    queueIds: [...account.queueIds],
    maxConcurrentChats: String(account.maxConcurrentChats),
  };
}

/** Adds or removes one choice of a checkbox list, keeping the others in their order. */
export function toggled<T>(choices: readonly T[], choice: T, on: boolean): T[] {
  const without = choices.filter((candidate) => candidate !== choice);
  return on ? [...without, choice] : without;
}

// A rough check to catch typing slips; the server's email rule is the one that counts.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function chatLimitOf(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const limit = Number(text);
  return limit >= 1 && limit <= AGENT_CHAT_LIMIT_MAX ? limit : null;
}

function commonProblems(draft: AccountDraft): FieldProblems {
  const problems: FieldProblems = {};
  const name = draft.displayName.trim();
  if (name === '') problems.displayName = 'name_missing';
  else if (name.length > DISPLAY_NAME_MAX) problems.displayName = 'name_too_long';
  if (draft.languages.length === 0) problems.languages = 'languages_missing';
  if (chatLimitOf(draft.maxConcurrentChats) === null) problems.maxConcurrentChats = 'limit_invalid';
  return problems;
}

/** Languages in their usual order (English, French), whatever order they were ticked in. */
function ordered(languages: readonly Language[]): Language[] {
  return LANGUAGES.filter((language) => languages.includes(language));
}

/** A new account's form, checked: what to send, or what to correct, field by field. */
export function checkNewAccount(draft: AccountDraft): { ok: true; payload: AccountCreate } | { ok: false; problems: FieldProblems } {
  const problems = commonProblems(draft);
  const email = draft.email.trim();
  if (email === '') problems.email = 'email_missing';
  else if (!EMAIL_SHAPE.test(email)) problems.email = 'email_invalid';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    payload: {
      email,
      displayName: draft.displayName.trim(),
      role: draft.role,
      languages: ordered(draft.languages),
      queueIds: [...draft.queueIds],
      maxConcurrentChats: chatLimitOf(draft.maxConcurrentChats)!,
    },
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item) => b.includes(item));

/** An edit, checked: only what differs from the account is sent; an edit that changes nothing is said so. */
export function checkAccountEdit(account: AccountView, draft: AccountDraft): { ok: true; payload: AccountUpdate } | { ok: false; problems: FieldProblems } {
  const problems = commonProblems(draft);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const payload: AccountUpdate = { agentId: account.id };
  const name = draft.displayName.trim();
  if (name !== account.displayName) payload.displayName = name;
  if (draft.role !== account.role) payload.role = draft.role;
  if (!sameSet(draft.languages, account.languages)) payload.languages = ordered(draft.languages);
  if (!sameSet(draft.queueIds, account.queueIds)) payload.queueIds = [...draft.queueIds];
  const limit = chatLimitOf(draft.maxConcurrentChats)!;
  if (limit !== account.maxConcurrentChats) payload.maxConcurrentChats = limit;
  if (Object.keys(payload).length === 1) return { ok: false, problems: { form: 'nothing_changed' } };
  return { ok: true, payload };
}

/** What a manager was doing when the server refused. */
export type AccountAction = 'create' | 'update' | 'deactivate' | 'reset-password' | 'reactivate';

/**
 * Which field a server refusal is shown beside: the last-manager rule beside the role (an edit
 * that demotes), an email already taken beside the email, an unknown queue beside the queues;
 * anything else under the form.
 */
export function fieldOfRefusal(action: AccountAction, code: ConsoleErrorCode, payload?: Partial<AccountUpdate>): AccountField {
  if (code === 'last_manager' && action === 'update' && payload?.role !== undefined) return 'role';
  if (code === 'conflict' && action === 'create') return 'email';
  if (code === 'invalid_payload' && payload?.queueIds !== undefined && payload.queueIds.length > 0) return 'queueIds';
  return 'form';
}

/** The words for a refusal in this context: an email taken is not a generic conflict. */
export type AccountRefusal = ConsoleErrorCode | 'email_taken';

export function refusalOf(action: AccountAction, code: ConsoleErrorCode): AccountRefusal {
  return code === 'conflict' && action === 'create' ? 'email_taken' : code;
}

/** The list in the order it is shown: active accounts first, each group by display name. */
export function sortedAccounts(accounts: readonly AccountView[], locale: string): AccountView[] {
  return [...accounts].sort(
    (a, b) => Number(b.active) - Number(a.active) || a.displayName.localeCompare(b.displayName, locale, { sensitivity: 'base' }) || a.email.localeCompare(b.email),
  );
}

/** The list with one account as the server last answered it (added if new). */
export function withAccount(accounts: readonly AccountView[], account: AccountView): AccountView[] {
  const found = accounts.some((candidate) => candidate.id === account.id);
  return found ? accounts.map((candidate) => (candidate.id === account.id ? account : candidate)) : [...accounts, account];
}

/** Whether a manager may be offered to deactivate this account (not themselves: another manager must). */
export function mayDeactivate(account: AccountView, selfId: string): boolean {
  return account.active && account.id !== selfId;
}

/** A queue the form can offer: its id and its name in the console's language (the id when the console does not know it). */
export interface QueueChoice {
  id: string;
  name: string;
}

/**
 * The queues to offer in the form: every queue the console knows (the supervision view's), then
 * any the edited account already has that the console does not know, so that none is lost silently.
 */
export function queueChoices(known: readonly { id: string; name: Record<Language, string> }[], language: Language, held: readonly string[] = []): QueueChoice[] {
  const choices = known.map((queue) => ({ id: queue.id, name: queue.name[language] }));
  for (const id of held) if (!choices.some((choice) => choice.id === id)) choices.push({ id, name: id });
  return choices;
}

/** The change-password form as typed. */
export interface PasswordChangeDraft {
  currentPassword: string;
  newPassword: string;
  confirmation: string;
}

export type PasswordField = 'currentPassword' | 'newPassword' | 'confirmation' | 'form';

export type PasswordProblem = 'current_missing' | 'new_missing' | 'too_short' | 'mismatch' | 'same_as_current';

/** The change-password form, checked before it is sent (the common-password list is the server's). */
export function checkPasswordChange(draft: PasswordChangeDraft): { ok: true } | { ok: false; problems: Partial<Record<PasswordField, PasswordProblem>> } {
  const problems: Partial<Record<PasswordField, PasswordProblem>> = {};
  if (draft.currentPassword === '') problems.currentPassword = 'current_missing';
  if (draft.newPassword === '') problems.newPassword = 'new_missing';
  else if ([...draft.newPassword].length < PASSWORD_MIN_LENGTH) problems.newPassword = 'too_short';
  else if (draft.newPassword === draft.currentPassword) problems.newPassword = 'same_as_current';
  if (problems.newPassword === undefined && draft.confirmation !== draft.newPassword) problems.confirmation = 'mismatch';
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true };
}

/** Which field of the change-password form a server refusal is shown beside. */
export function passwordFieldOfRefusal(code: ConsoleErrorCode): PasswordField {
  if (code === 'invalid_credentials') return 'currentPassword';
  if (code === 'password_too_short' || code === 'password_too_long' || code === 'password_common') return 'newPassword';
  return 'form';
}

/** The accounts whose public name waits for a manager, oldest proposal first (active accounts only). */
export function pendingPublicNames(accounts: readonly AccountView[]): AccountView[] {
  const since = (account: AccountView) => account.publicName.request?.proposedAt ?? '';
  return accounts
    .filter((account) => account.active && account.publicName.request?.status === 'pending')
    .sort((a, b) => (since(a) < since(b) ? -1 : since(a) > since(b) ? 1 : a.id < b.id ? -1 : 1));
}
