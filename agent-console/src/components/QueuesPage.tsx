/**
 * The Queues page (issue #9, point 4), for managers: every queue, a form to create one or edit
 * one (names in both languages, language, mode, members chosen from the active accounts).
 * Problems show beside their part of the form. The logic is in sites-state.ts; the connection in
 * sites-client.ts.
 */
import { useEffect, useId, useRef, useState, useSyncExternalStore, type FormEvent, type ReactNode, type RefObject } from 'react';
import type { AccountView } from '../../../protocol/accounts.js';
import type { QueueAdminView } from '../../../protocol/admin.js';
import { LANGUAGES, type Language } from '../../../protocol/languages.js';
import { toggled } from '../accounts-state.js';
import type { ConsoleErrorCode } from '../console-types.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';
import type { SitesClient } from '../sites-client.js';
import {
  checkNewQueue,
  checkQueueEdit,
  emptyQueueDraft,
  fieldOfQueueRefusal,
  memberChoices,
  QUEUE_FIELD_ORDER,
  QUEUE_MODES,
  queueDraftOf,
  sortedByName,
  type QueueDraft,
  type QueueField,
  type QueueProblems,
} from '../sites-state.js';
import { fieldAids, IdAndNameFields } from './AdminFormParts.js';
import { AdminPageIntro, LoadedList } from './AdminPageParts.js';
import { focusFirstProblem } from './ChangePasswordPage.js';

interface Props {
  sites: SitesClient;
  headingRef: RefObject<HTMLHeadingElement | null>;
}

export function QueuesPage({ sites, headingRef }: Props) {
  const { strings, language, locale } = useLanguage();
  const words = strings.queues;
  const view = useSyncExternalStore(sites.subscribe, sites.getState);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ id: number; text: string } | null>(null);
  const said = (text: string) => setNotice((previous) => ({ id: (previous?.id ?? 0) + 1, text }));
  const editOpener = useRef<HTMLElement | null>(null);

  useEffect(() => {
    void sites.open();
    return () => sites.close();
  }, [sites]);

  const editing = editingId === null ? null : (view.queues?.find((queue) => queue.id === editingId) ?? null);
  const names = new Map((view.accounts ?? []).map((account) => [account.id, account.displayName]));

  // Back to the row's Edit button once the edit is saved or cancelled.
  const stopEditing = () => {
    setEditingId(null);
    const back = editOpener.current;
    editOpener.current = null;
    requestAnimationFrame(() => back?.isConnected && back.focus());
  };

  return (
    <div className="page queues">
      <AdminPageIntro heading={strings.pages.queues.heading} intro={words.intro} notice={notice} headingRef={headingRef} />
      <div className="accounts-columns">
        <section className="panel" aria-labelledby="queues-list-heading">
          <h2 id="queues-list-heading">{words.listHeading}</h2>
          <LoadedList items={view.queues} error={view.error} loadError={words.loadError}>
            {(listed) =>
              listed.length === 0 ? (
                <p className="muted">{words.noQueues}</p>
              ) : (
                <div className="table-scroll" role="region" aria-labelledby="queues-table-caption" tabIndex={0}>
                  <table className="data-table">
                    <caption id="queues-table-caption">{words.tableCaption}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{words.columns.name}</th>
                        <th scope="col">{words.columns.id}</th>
                        <th scope="col">{words.columns.language}</th>
                        <th scope="col">{words.columns.mode}</th>
                        <th scope="col">{words.columns.members}</th>
                        <th scope="col">{words.columns.actions}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {sortedByName(listed, language, locale).map((queue) => (
                        <tr key={queue.id}>
                          <th scope="row">{queue.name[language]}</th>
                          <td>{queue.id}</td>
                          <td>{strings.languageNames[queue.language]}</td>
                          <td>{strings.queueModes[queue.mode]}</td>
                          <td>{queue.memberIds.length === 0 ? words.none : queue.memberIds.map((id) => names.get(id) ?? id).join(', ')}</td>
                          <td>
                            <button
                              type="button"
                              className="button-table"
                              aria-label={words.editQueue(queue.name[language])}
                              onClick={(event) => {
                                editOpener.current = event.currentTarget;
                                setEditingId(queue.id);
                              }}
                            >
                              {words.edit}
                            </button>
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
        {view.accounts !== null && (
          <QueueForm
            key={editing === null ? 'new' : `edit:${editing.id}`}
            sites={sites}
            editing={editing}
            accounts={view.accounts}
            onCreated={(queue) => said(words.created(queue.name[language]))}
            onSaved={(queue) => {
              said(words.saved(queue.name[language]));
              stopEditing();
            }}
            onCancel={stopEditing}
          />
        )}
      </div>
    </div>
  );
}

interface FormProps {
  sites: SitesClient;
  editing: QueueAdminView | null;
  accounts: AccountView[];
  onCreated: (queue: QueueAdminView) => void;
  onSaved: (queue: QueueAdminView) => void;
  onCancel: () => void;
}

/** Creates a queue, or edits one (everything but its id). */
function QueueForm({ sites, editing, accounts, onCreated, onSaved, onCancel }: FormProps) {
  const { strings, language, locale } = useLanguage();
  const words = strings.queues;
  const problemWords = strings.sites.problems;
  const [draft, setDraft] = useState<QueueDraft>(() => (editing === null ? emptyQueueDraft() : queueDraftOf(editing)));
  const [problems, setProblems] = useState<Partial<Record<QueueField, ReactNode[]>>>({});
  const [busy, setBusy] = useState(false);
  const id = useId();
  const change = (next: Partial<QueueDraft>) => setDraft((current) => ({ ...current, ...next }));

  const editingId = editing?.id;
  useEffect(() => {
    if (editingId === undefined) return;
    const field = document.getElementById(`${id}-name`);
    field?.scrollIntoView({ block: 'center' });
    field?.focus();
  }, [editingId, id]);

  const shown = (found: QueueProblems) =>
    Object.fromEntries(
      Object.entries(found).map(([field, list]) => [
        field,
        (list ?? []).map((problem) => {
          switch (problem.code) {
            case 'name_missing':
              return problemWords.name_missing(strings.sites.languageInSentence[problem.language]);
            case 'too_long':
              return problemWords.too_long(problem.max);
            case 'id_missing':
            case 'id_invalid':
            case 'nothing_changed':
              return problemWords[problem.code]();
            default:
              return problem.code;
          }
        }),
      ]),
    );

  const refused = (action: 'create' | 'update', code: ConsoleErrorCode, message: string) => {
    const field = fieldOfQueueRefusal(action, code, message);
    const text: ReactNode =
      code === 'invalid_payload' ? (
        <>
          {strings.sites.serverSaid} <span lang="en">{message}</span>
        </>
      ) : (
        errorText(strings, code, words.refusals)
      );
    setProblems({ [field]: [text] });
    focusFirstProblem(id, [field]);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const checked = editing === null ? checkNewQueue(draft) : checkQueueEdit(editing, draft);
    if (!checked.ok) {
      setProblems(shown(checked.problems));
      focusFirstProblem(id, QUEUE_FIELD_ORDER.filter((field) => checked.problems[field] !== undefined));
      return;
    }
    setProblems({});
    setBusy(true);
    const result = 'queueId' in checked.payload ? await sites.updateQueue(checked.payload) : await sites.createQueue(checked.payload);
    setBusy(false);
    if (!result.ok) return refused(editing === null ? 'create' : 'update', result.error.code, result.error.message);
    if (editing === null) {
      setDraft(emptyQueueDraft());
      onCreated(result.queue);
    } else onSaved(result.queue);
  };

  const aids = fieldAids<QueueField>(id, problems);
  const { describedBy, problem, invalid } = aids;
  const members = memberChoices(accounts, draft.memberIds, locale);

  return (
    <section className="panel account-form" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{editing === null ? words.createHeading : words.editHeading(editing.name[language])}</h2>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <IdAndNameFields id={id} creating={editing === null} words={words} value={draft} aids={aids} onChange={change} />
        <div className="field">
          <label htmlFor={`${id}-language`}>{words.languageLabel}</label>
          <select
            id={`${id}-language`}
            value={draft.language}
            aria-invalid={invalid('language')}
            aria-describedby={describedBy('language', false)}
            onChange={(event) => change({ language: event.target.value as Language })}
          >
            {LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {strings.languageNames[code]}
              </option>
            ))}
          </select>
          {problem('language')}
        </div>
        <fieldset>
          <legend>{words.modeLegend}</legend>
          {QUEUE_MODES.map((mode) => (
            <label key={mode} className="checkbox">
              <input type="radio" name={`${id}-mode`} value={mode} checked={draft.mode === mode} aria-describedby={`${id}-mode-${mode}`} onChange={() => change({ mode })} />
              <span>
                {strings.queueModes[mode]}
                <span id={`${id}-mode-${mode}`} className="hint row-note">
                  {words.modeHints[mode]}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset aria-describedby={describedBy('memberIds', false)}>
          <legend>{words.membersLegend}</legend>
          {members.length === 0 && <p className="muted">{words.noAccounts}</p>}
          {members.map((account, index) => (
            <label key={account.id} className="checkbox">
              <input
                id={index === 0 ? `${id}-memberIds` : undefined}
                type="checkbox"
                checked={draft.memberIds.includes(account.id)}
                aria-invalid={invalid('memberIds')}
                onChange={(event) => change({ memberIds: toggled(draft.memberIds, account.id, event.target.checked) })}
              />
              {account.displayName} ({account.email}) {!account.active && words.inactiveMember}
            </label>
          ))}
          {problem('memberIds')}
        </fieldset>
        {problems.form !== undefined && (
          <div role="alert" id={`${id}-form`} tabIndex={-1}>
            {problem('form')}
          </div>
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
