/**
 * Accounts as managers administer them (`/agent` namespace, `admin:accounts:*`, managers only),
 * changing one's own password (`account:change-password`, everyone), and setting a password
 * through a one-time link (`POST /api/auth/set-password`). Clients import the types only
 * (`import type`), so the schema library never reaches a browser.
 *
 * Passwords are refused with one error code per reason (`password_too_short`, `password_too_long`,
 * `password_common`), which clients translate; the least is PASSWORD_MIN_LENGTH characters.
 */
import { z } from 'zod';
import { ACCOUNT_QUEUES_MAX, AGENT_CHAT_LIMIT_MAX, DISPLAY_NAME_MAX, EMAIL_MAX, PASSWORD_MAX } from './limits.js';
import { LanguageSchema, RoleSchema } from './models.js';
import { PublicNameViewSchema } from './public-name.js';


export const AccountEmailSchema = z.string().trim().toLowerCase().max(EMAIL_MAX).pipe(z.email('Enter a valid email address.'));

export const DisplayNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a display name.')
  .max(DISPLAY_NAME_MAX, `A display name can have at most ${DISPLAY_NAME_MAX} characters.`)
  // Shown to citizens and in lists: no control characters (line breaks, bidi overrides).
  .refine((name) => !/[\p{Cc}\p{Cf}]/u.test(name), 'A display name cannot hold control characters.');

/** At least one language, each once. */
export const AccountLanguagesSchema = z
  .array(LanguageSchema)
  .min(1, 'Choose at least one language.')
  .max(2)
  .refine((languages) => new Set(languages).size === languages.length, 'Name each language once.');

export const AccountQueueIdsSchema = z
  .array(z.string().min(1).max(64))
  .max(ACCOUNT_QUEUES_MAX)
  .refine((ids) => new Set(ids).size === ids.length, 'Name each queue once.');

export const ChatLimitSchema = z.number().int().min(1).max(AGENT_CHAT_LIMIT_MAX);

export const AccountIdSchema = z.string().min(1).max(64);

/** Creates an account; its owner sets a password through the link the answer carries. */
export const AccountCreateSchema = z
  .object({
    email: AccountEmailSchema,
    displayName: DisplayNameSchema,
    role: RoleSchema,
    languages: AccountLanguagesSchema,
    queueIds: AccountQueueIdsSchema,
    maxConcurrentChats: ChatLimitSchema,
  })
  .strict();
export type AccountCreate = z.input<typeof AccountCreateSchema>;

/** Changes some of an account's settings (at least one); the email stays (it is the account's name). */
export const AccountUpdateSchema = z
  .object({
    agentId: AccountIdSchema,
    displayName: DisplayNameSchema.optional(),
    role: RoleSchema.optional(),
    languages: AccountLanguagesSchema.optional(),
    queueIds: AccountQueueIdsSchema.optional(),
    maxConcurrentChats: ChatLimitSchema.optional(),
  })
  .strict()
  .refine((change) => Object.keys(change).length > 1, 'Say what to change.');
export type AccountUpdate = z.input<typeof AccountUpdateSchema>;

/** Names one account (deactivate, reset password). */
export const AccountRefSchema = z.object({ agentId: AccountIdSchema }).strict();
export type AccountRef = z.input<typeof AccountRefSchema>;

export const AccountsListSchema = z.object({}).strict();
export type AccountsList = z.input<typeof AccountsListSchema>;

/** Changes the signed-in account's own password; the current one is asked again. */
export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.').max(PASSWORD_MAX),
    newPassword: z.string().min(1, 'Enter a new password.').max(PASSWORD_MAX),
  })
  .strict();
export type ChangePassword = z.input<typeof ChangePasswordSchema>;

/** A one-time link's token as the link carries it: `<account id>.<secret>`. */
export const PasswordLinkTokenSchema = z.string().min(1).max(128);

/** `POST /api/auth/set-password` (JSON), and the form of `POST /set-password`. */
export const SetPasswordBodySchema = z.object({
  token: PasswordLinkTokenSchema,
  password: z.string().min(1, 'Enter a password.').max(PASSWORD_MAX),
});
export type SetPasswordBody = z.input<typeof SetPasswordBodySchema>;

/** `GET /set-password?token=…`: the page with the form. */
export const SetPasswordQuerySchema = z.object({ token: PasswordLinkTokenSchema.optional() });

/** One account as a manager sees it: settings and state, never its password or link. */
export const AccountViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  languages: z.array(LanguageSchema),
  queueIds: z.array(z.string()),
  maxConcurrentChats: z.number().int().positive(),
  active: z.boolean(),
  /** False until its owner sets a password through a link. */
  passwordSet: z.boolean(),
  /** When the pending one-time link stops working; null when none is pending. */
  linkExpiresAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  /** The name citizens see for the account, and a proposal waiting for a manager's decision. */
  publicName: PublicNameViewSchema,
});
export type AccountView = z.infer<typeof AccountViewSchema>;

/**
 * A new one-time link, for the manager to pass on (shown once: only its hash is kept). `emailed`
 * says whether it was also sent to the account's email (when SMTP is configured).
 */
export const PasswordLinkViewSchema = z.object({
  url: z.string(),
  expiresAt: z.iso.datetime(),
  emailed: z.boolean(),
});
export type PasswordLinkView = z.infer<typeof PasswordLinkViewSchema>;
