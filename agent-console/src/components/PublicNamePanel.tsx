/**
 * "The name citizens see" (issue #10), on everyone's own account page: what citizens see now (the
 * approved public name, or "an agent"), a proposal waiting or declined, and a form to propose a
 * first name or an alias. The form's check is the server's own (protocol/public-name.ts).
 */
import { useId, useState, type FormEvent } from 'react';
import { PUBLIC_NAME_MAX } from '../../../protocol/limits.js';
import type { AgentProfile } from '../../../protocol/models.js';
import { publicNameProblem } from '../../../protocol/public-name-rules.js';
import type { ConsoleErrorCode } from '../console-types.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';
import { DoneNotice, LabelledInput, SubmitButton } from './FormField.js';

interface Props {
  agent: AgentProfile;
  /** Sends the proposal; null when it is accepted. */
  onPropose: (name: string) => Promise<ConsoleErrorCode | null>;
}

export function PublicNamePanel({ agent, onPropose }: Props) {
  const { strings } = useLanguage();
  const words = strings.publicName;
  const id = useId();
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(0);
  const { approved, request } = agent.publicName;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const trimmed = name.trim();
    const found = publicNameProblem(trimmed);
    if (found !== null) {
      setProblem(found === 'too_long' ? words.problems.too_long(PUBLIC_NAME_MAX) : words.problems[found]);
      document.getElementById(`${id}-name`)?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    const code = await onPropose(trimmed);
    setBusy(false);
    if (code === null) {
      setName('');
      setDone((count) => count + 1);
      return;
    }
    setProblem(errorText(strings, code));
    document.getElementById(`${id}-name`)?.focus();
  };

  return (
    <section className="panel public-name" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{words.heading}</h2>
      <p className="muted">{words.intro}</p>
      <p className="public-name-now">
        <strong>{words.current(approved)}</strong>
      </p>
      {request?.status === 'pending' && <p className="notice">{words.pending(request.name)}</p>}
      {request?.status === 'declined' && <p className="notice">{words.declined(request.name)}</p>}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <LabelledInput
          id={`${id}-name`}
          label={words.label}
          hint={words.hint(PUBLIC_NAME_MAX)}
          problem={problem}
          type="text"
          autoComplete="given-name"
          maxLength={PUBLIC_NAME_MAX}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <SubmitButton busy={busy} label={words.submit} busyLabel={words.sending} />
      </form>
      <DoneNotice count={done} text={words.done} />
    </section>
  );
}
