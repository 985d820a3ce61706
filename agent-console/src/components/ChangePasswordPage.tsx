/**
 * "My account", for everyone: the name citizens see (PublicNamePanel.tsx, issue #10), then
 * "Change my password" (issue #9, point 1): the current password, the new one twice;
 * the console's own checks and the server's refusals (too short, too common, current one wrong)
 * shown beside their field. The checks are in accounts-state.ts.
 */
import { useId, useState, type FormEvent, type RefObject } from 'react';
import { PASSWORD_MAX, PASSWORD_MIN_LENGTH } from '../../../protocol/limits.js';
import type { AccountsClient } from '../accounts-client.js';
import { checkPasswordChange, passwordFieldOfRefusal, type PasswordChangeDraft, type PasswordField } from '../accounts-state.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';
import type { AgentProfile } from '../../../protocol/models.js';
import type { ConsoleErrorCode } from '../console-types.js';
import { DoneNotice, LabelledInput, SubmitButton } from './FormField.js';
import { PublicNamePanel } from './PublicNamePanel.js';

interface Props {
  accounts: AccountsClient;
  agent: AgentProfile;
  onProposePublicName: (name: string) => Promise<ConsoleErrorCode | null>;
  headingRef: RefObject<HTMLHeadingElement | null>;
}

const BLANK: PasswordChangeDraft = { currentPassword: '', newPassword: '', confirmation: '' };

export function ChangePasswordPage({ accounts, agent, onProposePublicName, headingRef }: Props) {
  const { strings } = useLanguage();
  const words = strings.changePassword;
  const [draft, setDraft] = useState<PasswordChangeDraft>(BLANK);
  const [problems, setProblems] = useState<Partial<Record<PasswordField, string>>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(0);
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const checked = checkPasswordChange(draft);
    if (!checked.ok) {
      setProblems(Object.fromEntries(Object.entries(checked.problems).map(([field, problem]) => [field, words.problems[problem]])));
      focusFirstProblem(id, Object.keys(checked.problems));
      return;
    }
    setBusy(true);
    setProblems({});
    const code = await accounts.changePassword({ currentPassword: draft.currentPassword, newPassword: draft.newPassword });
    setBusy(false);
    if (code === null) {
      setDraft(BLANK);
      setDone((count) => count + 1);
      return;
    }
    const field = passwordFieldOfRefusal(code);
    setProblems({ [field]: errorText(strings, code, words.refusals) });
    focusFirstProblem(id, [field]);
  };

  const field = (name: Exclude<PasswordField, 'form'>, label: string, autoComplete: string, hint?: string) => (
    <LabelledInput
      id={`${id}-${name}`}
      label={label}
      {...(hint === undefined ? {} : { hint })}
      problem={problems[name]}
      type="password"
      autoComplete={autoComplete}
      maxLength={PASSWORD_MAX}
      value={draft[name]}
      onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}
    />
  );

  return (
    <div className="page change-password">
      <div className="page-intro">
        <h1 ref={headingRef} tabIndex={-1}>
          {strings.pages.account.heading}
        </h1>
      </div>
      <PublicNamePanel agent={agent} onPropose={onProposePublicName} />
      <section className="panel" aria-labelledby={`${id}-heading`}>
        <h2 id={`${id}-heading`}>{words.heading}</h2>
        <p className="muted">{words.intro}</p>
        <form onSubmit={(event) => void submit(event)} noValidate>
          {field('currentPassword', words.currentLabel, 'current-password')}
          {field('newPassword', words.newLabel, 'new-password', words.newHint(PASSWORD_MIN_LENGTH))}
          {field('confirmation', words.confirmLabel, 'new-password')}
          {problems.form !== undefined && (
            <p role="alert" className="error-text">
              {problems.form}
            </p>
          )}
          <SubmitButton busy={busy} label={words.submit} busyLabel={words.sending} />
        </form>
        <DoneNotice count={done} text={words.done} />
      </section>
    </div>
  );
}

/** Moves focus to the first field with a problem, once React has drawn it (its message is in its description). */
export function focusFirstProblem(formId: string, fields: readonly string[]): void {
  requestAnimationFrame(() => {
    for (const field of fields) {
      const element = document.getElementById(`${formId}-${field}`);
      if (element !== null) {
        element.focus();
        return;
      }
    }
  });
}
