/**
 * The warning before a chat closes for inactivity (WCAG 2.2.1, Timing Adjustable): an alert dialog,
 * read out as it appears, with focus on "Stay in the chat", so Enter or Space keeps the chat open.
 * The time left is counted from when this window received the warning, not from its clock.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Language } from '../../../protocol/languages.js';
import type { IdleWarning as Warning } from '../../../protocol/models.js';
import { withLater } from '../../i18n/chat-later.js';
import type { ChatStrings } from '../../i18n/chat-strings.js';
import { format } from '../../i18n/format.js';

/** How often the time left is redrawn (quietly: the dialog is not a live region). */
const TICK_MS = 5000;

/** The inactivity warning, with its one action focused (also when the panel opens: `data-autofocus`). */
export function IdleWarning({ warning, t: pageStrings, language, onStay }: { warning: Warning; t: ChatStrings; language: Language; onStay(): void }) {
  const t = withLater(pageStrings, language);
  const stay = useRef<HTMLButtonElement>(null);
  const deadline = useMemo(() => Date.now() + warning.secondsLeft * 1000, [warning.closesAt]);
  const [now, setNow] = useState(Date.now);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  // Focus the one action; give it back where it was (the composer, most often) once answered.
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    stay.current?.focus();
    return () => {
      if (before?.isConnected) before.focus();
    };
  }, []);

  const seconds = Math.max(0, Math.ceil((deadline - now) / 1000));
  const when =
    seconds >= 120 ? format(t.idleMinutes, { minutes: Math.floor(seconds / 60) }) : format(t.idleSeconds, { seconds: Math.ceil(seconds / 5) * 5 });

  return (
    <div class="idle" role="alertdialog" aria-labelledby="idle-title" aria-describedby="idle-text">
      <h2 id="idle-title">{t.idleTitle}</h2>
      <p id="idle-text">{format(t.idleText, { when })}</p>
      <button type="button" class="primary" ref={stay} onClick={onStay} data-autofocus>
        {t.stay}
      </button>
    </div>
  );
}
