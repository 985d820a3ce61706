/**
 * The parts of a small console form that must read the same everywhere: a labelled input with its
 * hint and its problem (both in the input's description, so a screen reader says them with the
 * field), and the submit button with the brief "done" notice after it.
 */
import type { InputHTMLAttributes } from 'react';

interface LabelledInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'aria-invalid' | 'aria-describedby'> {
  id: string;
  label: string;
  hint?: string;
  /** What is wrong with the value, or nothing. */
  problem?: string | null;
  /** Marks the value wrong when the form says why elsewhere (without `problem`). */
  invalid?: boolean;
}

export function LabelledInput({ id, label, hint, problem, invalid, ...input }: LabelledInputProps) {
  const describedBy = [hint === undefined ? null : `${id}-hint`, problem == null ? null : `${id}-problem`].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint !== undefined && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <input id={id} {...input} aria-invalid={invalid ?? problem != null} aria-describedby={describedBy === '' ? undefined : describedBy} />
      {problem != null && (
        <p id={`${id}-problem`} className="error-text">
          {problem}
        </p>
      )}
    </div>
  );
}

interface SubmitProps {
  busy: boolean;
  label: string;
  busyLabel: string;
}

/** The form's submit button: it stays focusable while busy (aria-disabled), so focus is not lost. */
export function SubmitButton({ busy, label, busyLabel }: SubmitProps) {
  return (
    <button type="submit" className="button-primary" aria-disabled={busy}>
      {busy ? busyLabel : label}
    </button>
  );
}

/** A polite status that says `text` again each time `count` grows (0: nothing said yet). */
export function DoneNotice({ count, text }: { count: number; text: string }) {
  return (
    <div role="status">
      {count > 0 && (
        <p key={count} className="notice">
          {text}
        </p>
      )}
    </div>
  );
}
