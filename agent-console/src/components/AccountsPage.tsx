/**
 * The Accounts page (issue #9, point 1), for managers: every account, a form to create one (its
 * one-time link shown after, with a copy button and when it expires), edit, deactivate (after a
 * confirmation dialog) and reset a password (a new link). Refusals are shown beside their field.
 * The logic is in accounts-state.ts; the connection in accounts-client.ts.
 */
import { useEffect, useId, useRef, useState, useSyncExternalStore, type FormEvent, type RefObject } from 'react';
import type { AccountView, PasswordLinkView } from '../../../protocol/accounts.js';
import type { PublicNameDecision } from '../../../protocol/public-name.js';
import { LANGUAGES } from '../../../protocol/languages.js';
import { AGENT_CHAT_LIMIT_MAX, DISPLAY_NAME_MAX, EMAIL_MAX } from '../../../protocol/limits.js';
import type { AgentProfile } from '../../../protocol/models.js';
import type { AccountsClient } from '../accounts-client.js';
import {
  checkAccountEdit,
  checkNewAccount,
  draftOf,
  emptyDraft,
  fieldOfRefusal,
  fieldsInFormOrder,
  mayDeactivate,
  pendingPublicNames,
  queueChoices,
  refusalOf,
  ROLES,
  sortedAccounts,
  toggled,
  type AccountAction,
  type AccountDraft,
  type AccountField,
  type QueueChoice,
} from '../accounts-state.js';
import type { ConsoleErrorCode } from '../console-types.js';
import { formatDateTime } from '../format.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';
import type { SupervisionClient } from '../supervision-client.js';
import { AdminPageIntro, LoadedList } from './AdminPageParts.js';
import { focusFirstProblem } from './ChangePasswordPage.js';

interface Props {
  accounts: AccountsClient;
  /** For the queues the console knows (the supervision view's). */
  supervision: SupervisionClient;
  agent: AgentProfile;
  headingRef: RefObject<HTMLHeadingElement | null>;
}

/** A link to pass on, and whose it is. */
interface ShownLink {
  name: string;
  link: PasswordLinkView;
}

export function AccountsPage({ accounts, supervision, agent, headingRef }: Props) {
  const { strings, language, locale } = useLanguage();
  const words = strings.accounts;
  const view = useSyncExternalStore(accounts.subscribe, accounts.getState);
  const known = useSyncExternalStore(supervision.subscribe, supervision.getState).queues;
  const [editing, setEditing] = useState<AccountView | null>(null);
  const [deactivating, setDeactivating] = useState<AccountView | null>(null);
  const [link, setLink] = useState<ShownLink | null>(null);
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ id: number; text: string } | null>(null);
  const said = (text: string) => setNotice((previous) => ({ id: (previous?.id ?? 0) + 1, text }));
  const linkHeading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const editOpener = useRef<HTMLElement | null>(null);

  useEffect(() => {
    void accounts.open();
    if (!supervision.getState().subscribed) void supervision.open();
    return () => accounts.close();
  }, [accounts, supervision]);

  // A new link is what the manager came for: it gets focus, so its words are read.
  useEffect(() => {
    if (link !== null) linkHeading.current?.focus();
  }, [link]);

  const showLink = (name: string, shown: PasswordLinkView) => setLink({ name, link: shown });
  const editingNow = editing === null ? null : (view.accounts?.find((account) => account.id === editing.id) ?? null);
  const queueNames = new Map(queueChoices(known, language).map((choice) => [choice.id, choice.name]));

  const resetPassword = async (account: AccountView) => {
    setRowErrors(({ [account.id]: _dropped, ...others }) => others);
    const result = await accounts.resetPassword(account.id);
    if (!result.ok) {
      setRowErrors((errors) => ({ ...errors, [account.id]: errorText(strings, result.error.code, words.refusals) }));
      return;
    }
    said(words.passwordReset(account.displayName));
    showLink(account.displayName, result.link);
  };

  const reactivate = async (account: AccountView) => {
    setRowErrors(({ [account.id]: _dropped, ...others }) => others);
    const result = await accounts.reactivate(account.id);
    if (!result.ok) {
      setRowErrors((errors) => ({ ...errors, [account.id]: errorText(strings, result.error.code, words.refusals) }));
      return;
    }
    said(words.reactivated(account.displayName));
    showLink(account.displayName, result.link);
  };

  // Back to the row's Edit button once the edit is saved or cancelled.
  const stopEditing = () => {
    setEditing(null);
    const back = editOpener.current;
    editOpener.current = null;
    requestAnimationFrame(() => back?.isConnected && back.focus());
  };

  // Back to the button that opened the dialog; once the account is deactivated that button is
  // going (Reactivate takes its place when the list is read again), so to the page's heading.
  // Focus moves only once the dialog is gone from the page: while a modal dialog is open the rest
  // of the page is inert and refuses focus, so a move timed by a frame could be lost to <body>.
  const focusAfterDialog = useRef<HTMLElement | null>(null);
  const closeDeactivate = (deactivated: boolean) => {
    const back = opener.current;
    opener.current = null;
    focusAfterDialog.current = !deactivated && back?.isConnected ? back : headingRef.current;
    setDeactivating(null);
  };
  useEffect(() => {
    if (deactivating !== null || focusAfterDialog.current === null) return;
    const target = focusAfterDialog.current;
    focusAfterDialog.current = null;
    target.focus();
  }, [deactivating]);

  return (
    <div className="page accounts">
      <AdminPageIntro heading={strings.pages.accounts.heading} intro={words.intro} notice={notice} headingRef={headingRef} />
      {link !== null && (
        <LinkPanel shown={link} headingRef={linkHeading} onDone={() => setLink(null)} />
      )}
      {view.accounts !== null && (
        <PublicNameRequests
          accounts={view.accounts}
          selfId={agent.id}
          onDecide={async (account, decision) => {
            const name = account.publicName.request?.name ?? '';
            const result = await accounts.decidePublicName(account.id, name, decision);
            if (!result.ok) return errorText(strings, result.error.code, words.publicNames.refusals);
            said(decision === 'approve' ? words.publicNames.approved(name, account.displayName) : words.publicNames.declined(name, account.displayName));
            return null;
          }}
        />
      )}
      <div className="accounts-columns">
        <section className="panel accounts-list" aria-labelledby="accounts-list-heading">
          <h2 id="accounts-list-heading">{words.listHeading}</h2>
          <LoadedList items={view.accounts} error={view.error} loadError={words.loadError}>
            {(listed) =>
              (
                <div className="table-scroll" role="region" aria-labelledby="accounts-table-caption" tabIndex={0}>
                  <table className="data-table">
                    <caption id="accounts-table-caption">{words.tableCaption}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{words.columns.name}</th>
                        <th scope="col">{words.columns.email}</th>
                        <th scope="col">{words.columns.role}</th>
                        <th scope="col">{words.columns.languages}</th>
                        <th scope="col">{words.columns.queues}</th>
                        <th scope="col" className="number">
                          {words.columns.limit}
                        </th>
                        <th scope="col">{words.columns.active}</th>
                        <th scope="col">{words.columns.actions}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {sortedAccounts(listed, locale).map((account) => (
                        <tr key={account.id} className={account.active ? undefined : 'inactive'}>
                          <th scope="row">
                            {account.displayName} {account.id === agent.id && <span className="muted">{words.you}</span>}
                            {account.publicName.approved !== null && (
                              <span className="muted row-note" dir="auto">
                                {words.publicNameNote(account.publicName.approved)}
                              </span>
                            )}
                          </th>
                          <td>{account.email}</td>
                          <td>{strings.roles[account.role]}</td>
                          <td>{account.languages.map((code) => strings.languageNames[code]).join(', ')}</td>
                          <td>{account.queueIds.length === 0 ? words.none : account.queueIds.map((id) => queueNames.get(id) ?? id).join(', ')}</td>
                          <td className="number">{account.maxConcurrentChats}</td>
                          <td>
                            {account.active ? words.active : words.inactive}
                            {account.active && !account.passwordSet && <span className="muted row-note">{words.passwordPending}</span>}
                          </td>
                          <td>
                            {account.active && (
                              <div className="row-actions">
                                {/* Short words to see; the name too for those who hear the button out of its row. */}
                                <button type="button" className="button-table" aria-label={words.editAccount(account.displayName)}
                                  onClick={(event) => {
                                    editOpener.current = event.currentTarget;
                                    setEditing(account);
                                  }}
                                >
                                  {words.edit}
                                </button>
                                <button
                                  type="button"
                                  className="button-table"
                                  aria-label={words.resetPasswordOf(account.displayName)}
                                  onClick={() => void resetPassword(account)}
                                >
                                  {words.resetPassword}
                                </button>
                                {mayDeactivate(account, agent.id) && (
                                  <button
                                    type="button"
                                    className="button-table button-table-danger"
                                    aria-label={words.deactivateAccount(account.displayName)}
                                    onClick={(event) => {
                                      opener.current = event.currentTarget;
                                      setDeactivating(account);
                                    }}
                                  >
                                    {words.deactivate}
                                  </button>
                                )}
                              </div>
                            )}
                            {!account.active && (
                              <div className="row-actions">
                                <button
                                  type="button"
                                  className="button-table"
                                  aria-label={words.reactivateAccount(account.displayName)}
                                  onClick={() => void reactivate(account)}
                                >
                                  {words.reactivate}
                                </button>
                              </div>
                            )}
                            {rowErrors[account.id] !== undefined && (
                              <p role="alert" className="error-text">
                                {rowErrors[account.id]}
                              </p>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )
            }
          </LoadedList>
        </section>
        <AccountForm
          // A fresh form for each account edited, and back to a blank one after.
          key={editingNow === null ? 'new' : `edit:${editingNow.id}`}
          accounts={accounts}
          editing={editingNow}
          queues={queueChoices(known, language, editingNow?.queueIds ?? [])}
          onCreated={(account, created) => {
            said(words.created(account.displayName));
            showLink(account.displayName, created);
          }}
          onSaved={(account) => {
            said(words.saved(account.displayName));
            stopEditing();
          }}
          onCancel={stopEditing}
        />
      </div>
      {deactivating !== null && (
        <DeactivateDialog
          account={deactivating}
          onConfirm={async () => {
            const result = await accounts.deactivate(deactivating.id);
            if (!result.ok) return errorText(strings, result.error.code, words.refusals);
            said(words.deactivated(deactivating.displayName));
            if (editing?.id === deactivating.id) setEditing(null);
            closeDeactivate(true);
            return null;
          }}
          onCancel={() => closeDeactivate(false)}
        />
      )}
    </div>
  );
}

/** The one-time link, shown once: to copy and pass on, with when it expires. */
function LinkPanel({ shown, headingRef, onDone }: { shown: ShownLink; headingRef: RefObject<HTMLHeadingElement | null>; onDone: () => void }) {
  const { strings, locale } = useLanguage();
  const words = strings.accounts;
  const id = useId();
  const [copy, setCopy] = useState<{ id: number; ok: boolean } | null>(null);

  const copyLink = async () => {
    // No clipboard outside a secure context (plain http on a LAN name): the text is selected instead.
    const clipboard = window.isSecureContext ? navigator.clipboard : undefined;
    const ok =
      clipboard === undefined
        ? false
        : await clipboard.writeText(shown.link.url).then(
            () => true,
            () => false,
          );
    if (!ok) (document.getElementById(`${id}-url`) as HTMLInputElement | null)?.select();
    setCopy((previous) => ({ id: (previous?.id ?? 0) + 1, ok }));
  };

  return (
    <section className="panel link-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        {words.linkHeading(shown.name)}
      </h2>
      <p>{words.linkText}</p>
      <div className="field">
        <label htmlFor={`${id}-url`}>{words.linkLabel}</label>
        <input id={`${id}-url`} type="text" readOnly value={shown.link.url} aria-describedby={`${id}-expiry`} onFocus={(event) => event.target.select()} />
      </div>
      <p id={`${id}-expiry`}>
        {words.linkExpires(formatDateTime(shown.link.expiresAt, locale))}
        {shown.link.emailed && ` ${words.linkEmailed}`}
      </p>
      <div className="dialog-actions">
        <button type="button" className="button-primary" onClick={() => void copyLink()}>
          {words.copy}
        </button>
        <button type="button" className="button-secondary" onClick={onDone}>
          {words.dismissLink}
        </button>
      </div>
      <div role="status">
        {copy !== null && (
          <p key={copy.id} className={copy.ok ? 'notice' : 'error-text'}>
            {copy.ok ? words.copied : words.copyFailed}
          </p>
        )}
      </div>
    </section>
  );
}

interface FormProps {
  accounts: AccountsClient;
  /** The account edited; null for a new one. */
  editing: AccountView | null;
  queues: QueueChoice[];
  onCreated: (account: AccountView, link: PasswordLinkView) => void;
  onSaved: (account: AccountView) => void;
  onCancel: () => void;
}

/** Creates an account, or edits one (everything but its email). */
function AccountForm({ accounts, editing, queues, onCreated, onSaved, onCancel }: FormProps) {
  const { strings } = useLanguage();
  const words = strings.accounts;
  const [draft, setDraft] = useState<AccountDraft>(() => (editing === null ? emptyDraft() : draftOf(editing)));
  const [problems, setProblems] = useState<Partial<Record<AccountField, string>>>({});
  const [busy, setBusy] = useState(false);
  const id = useId();
  const headingId = `${id}-heading`;

  // An edit starts where the manager will type: the form is below the list, out of sight.
  const editingId = editing?.id;
  useEffect(() => {
    if (editingId === undefined) return;
    const field = document.getElementById(`${id}-displayName`);
    field?.scrollIntoView({ block: 'center' });
    field?.focus();
  }, [editingId, id]);

  const refused = (action: AccountAction, code: ConsoleErrorCode, payload?: Parameters<typeof fieldOfRefusal>[2]) => {
    const field = fieldOfRefusal(action, code, payload);
    const refusal = refusalOf(action, code);
    const text = refusal === 'email_taken' ? words.refusals.email_taken! : errorText(strings, refusal, words.refusals);
    setProblems({ [field]: text });
    focusFirstProblem(id, [field]);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const checked = editing === null ? checkNewAccount(draft) : checkAccountEdit(editing, draft);
    if (!checked.ok) {
      setProblems(Object.fromEntries(Object.entries(checked.problems).map(([field, problem]) => [field, words.problems[problem]])));
      focusFirstProblem(id, fieldsInFormOrder(checked.problems));
      return;
    }
    setProblems({});
    setBusy(true);
    if (editing === null) {
      const payload = checkNewAccount(draft);
      if (!payload.ok) return;
      const result = await accounts.create(payload.payload);
      setBusy(false);
      if (!result.ok) return refused('create', result.error.code, payload.payload);
      setDraft(emptyDraft());
      onCreated(result.account, result.link);
    } else {
      const payload = checkAccountEdit(editing, draft);
      if (!payload.ok) return;
      const result = await accounts.update(payload.payload);
      setBusy(false);
      if (!result.ok) return refused('update', result.error.code, payload.payload);
      onSaved(result.account);
    }
  };

  const describedBy = (field: AccountField, hint: boolean) =>
    [hint ? `${id}-${field}-hint` : null, problems[field] === undefined ? null : `${id}-${field}-problem`].filter(Boolean).join(' ') || undefined;
  const problem = (field: AccountField) =>
    problems[field] === undefined ? null : (
      <p id={`${id}-${field}-problem`} className="error-text">
        {problems[field]}
      </p>
    );

  return (
    <section className="panel account-form" aria-labelledby={headingId}>
      <h2 id={headingId}>{editing === null ? words.createHeading : words.editHeading(editing.displayName)}</h2>
      <form onSubmit={(event) => void submit(event)} noValidate>
        {editing === null && (
          <div className="field">
            <label htmlFor={`${id}-email`}>{words.emailLabel}</label>
            <p id={`${id}-email-hint`} className="hint">
              {words.emailHint}
            </p>
            <input
              id={`${id}-email`}
              type="email"
              autoComplete="off"
              maxLength={EMAIL_MAX}
              value={draft.email}
              aria-invalid={problems.email !== undefined}
              aria-describedby={describedBy('email', true)}
              onChange={(event) => setDraft({ ...draft, email: event.target.value })}
            />
            {problem('email')}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-displayName`}>{words.displayNameLabel}</label>
          <p id={`${id}-displayName-hint`} className="hint">
            {words.displayNameHint}
          </p>
          <input
            id={`${id}-displayName`}
            type="text"
            autoComplete="off"
            maxLength={DISPLAY_NAME_MAX}
            value={draft.displayName}
            aria-invalid={problems.displayName !== undefined}
            aria-describedby={describedBy('displayName', true)}
            onChange={(event) => setDraft({ ...draft, displayName: event.target.value })}
          />
          {problem('displayName')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>{words.roleLabel}</label>
          <select
            id={`${id}-role`}
            value={draft.role}
            aria-invalid={problems.role !== undefined}
            aria-describedby={describedBy('role', false)}
            onChange={(event) => setDraft({ ...draft, role: event.target.value as AccountDraft['role'] })}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {strings.roles[role]}
              </option>
            ))}
          </select>
          {problem('role')}
        </div>
        <fieldset aria-describedby={describedBy('languages', false)}>
          <legend>{words.languagesLegend}</legend>
          {LANGUAGES.map((code, index) => (
            <label key={code} className="checkbox">
              <input
                // The first box takes focus when the group has a problem.
                id={index === 0 ? `${id}-languages` : undefined}
                type="checkbox"
                checked={draft.languages.includes(code)}
                aria-invalid={problems.languages !== undefined}
                onChange={(event) => setDraft({ ...draft, languages: toggled(draft.languages, code, event.target.checked) })}
              />
              {strings.languageNames[code]}
            </label>
          ))}
          {problem('languages')}
        </fieldset>
        <fieldset aria-describedby={describedBy('queueIds', false)}>
          <legend>{words.queuesLegend}</legend>
          {queues.length === 0 && <p className="muted">{words.noQueues}</p>}
          {queues.map((queue, index) => (
            <label key={queue.id} className="checkbox">
              <input
                id={index === 0 ? `${id}-queueIds` : undefined}
                type="checkbox"
                checked={draft.queueIds.includes(queue.id)}
                aria-invalid={problems.queueIds !== undefined}
                onChange={(event) => setDraft({ ...draft, queueIds: toggled(draft.queueIds, queue.id, event.target.checked) })}
              />
              {queue.name}
            </label>
          ))}
          {problem('queueIds')}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-maxConcurrentChats`}>{words.limitLabel}</label>
          <p id={`${id}-maxConcurrentChats-hint`} className="hint">
            {words.limitHint(AGENT_CHAT_LIMIT_MAX)}
          </p>
          <input
            id={`${id}-maxConcurrentChats`}
            type="number"
            min={1}
            max={AGENT_CHAT_LIMIT_MAX}
            step={1}
            value={draft.maxConcurrentChats}
            aria-invalid={problems.maxConcurrentChats !== undefined}
            aria-describedby={describedBy('maxConcurrentChats', true)}
            onChange={(event) => setDraft({ ...draft, maxConcurrentChats: event.target.value })}
          />
          {problem('maxConcurrentChats')}
        </div>
        {problems.form !== undefined && (
          <p role="alert" className="error-text">
            {problems.form}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" className="button-primary" aria-disabled={busy}>
            {editing === null ? (busy ? words.creating : words.create) : busy ? words.saving : words.save}
          </button>
          {editing !== null && (
            <button type="button" className="button-secondary" onClick={onCancel}>
              {words.cancel}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

/**
 * Asks before deactivating, in a native modal `<dialog>` (focus trapped inside, Escape cancels);
 * the page puts focus back where it was once it closes.
 */
function DeactivateDialog({ account, onConfirm, onCancel }: { account: AccountView; onConfirm: () => Promise<string | null>; onCancel: () => void }) {
  const { strings } = useLanguage();
  const words = strings.accounts;
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const refusal = await onConfirm();
    if (refusal !== null) {
      setBusy(false);
      setError(refusal);
    }
  };

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <form onSubmit={(event) => void confirm(event)}>
        <h2 id={`${id}-title`}>{words.deactivateHeading(account.displayName)}</h2>
        <p id={`${id}-text`}>{words.deactivateText}</p>
        {error !== null && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onCancel} autoFocus>
            {words.cancel}
          </button>
          <button type="submit" className="button-danger" aria-disabled={busy}>
            {busy ? words.deactivating : words.deactivateConfirm}
          </button>
        </div>
      </form>
    </dialog>
  );
}

interface RequestsProps {
  accounts: readonly AccountView[];
  selfId: string;
  /** Decides on the account's pending proposal; the refusal's words, or null when done. */
  onDecide: (account: AccountView, decision: PublicNameDecision) => Promise<string | null>;
}

/**
 * Public names waiting for a manager (issue #10): each proposal, who proposed it and when, with
 * Approve and Decline (a manager's own is decided by another manager). Kept up to date by
 * `admin:account-changed`, so a proposal made while the page is open appears in it.
 */
function PublicNameRequests({ accounts, selfId, onDecide }: RequestsProps) {
  const { strings, locale } = useLanguage();
  const words = strings.accounts.publicNames;
  const pending = pendingPublicNames(accounts);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const decide = async (account: AccountView, decision: PublicNameDecision) => {
    if (busy !== null) return;
    setBusy(account.id);
    setErrors(({ [account.id]: _dropped, ...others }) => others);
    const problem = await onDecide(account, decision);
    setBusy(null);
    if (problem !== null) setErrors((current) => ({ ...current, [account.id]: problem }));
  };
  return (
    <section className="panel public-name-requests" aria-labelledby="public-name-requests-heading">
      <h2 id="public-name-requests-heading">{words.heading}</h2>
      <p className="muted">{words.intro}</p>
      {pending.length === 0 ? (
        <p>{words.none}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{words.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{words.columns.account}</th>
                <th scope="col">{words.columns.proposed}</th>
                <th scope="col">{words.columns.since}</th>
                <th scope="col">{words.columns.actions}</th>
              </tr>
            </thead>
            <tbody>
              {pending.map((account) => {
                const request = account.publicName.request!;
                return (
                  <tr key={account.id}>
                    <th scope="row">
                      {account.displayName} <span className="muted">{account.email}</span>
                    </th>
                    <td dir="auto">{request.name}</td>
                    <td>{formatDateTime(request.proposedAt, locale)}</td>
                    <td>
                      {account.id === selfId ? (
                        <span className="muted">{words.yours}</span>
                      ) : (
                        <div className="row-actions">
                          <button
                            type="button"
                            className="button-table"
                            aria-label={words.approveOf(request.name, account.displayName)}
                            aria-disabled={busy !== null}
                            onClick={() => void decide(account, 'approve')}
                          >
                            {words.approve}
                          </button>
                          <button
                            type="button"
                            className="button-table button-table-danger"
                            aria-label={words.declineOf(request.name, account.displayName)}
                            aria-disabled={busy !== null}
                            onClick={() => void decide(account, 'decline')}
                          >
                            {words.decline}
                          </button>
                        </div>
                      )}
                      {errors[account.id] !== undefined && (
                        <p role="alert" className="error-text">
                          {errors[account.id]}
                        </p>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
