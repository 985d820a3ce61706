/** Where the citizen writes. Enter sends; Shift+Enter starts a new line. The agent sees when they type. */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createTypingSender } from '../../../delivery/typing.js';
import { MESSAGE_TEXT_MAX } from '../../../protocol/limits.js';
import { isBlankMessage, messageLength, normalizeMessageText } from '../../../protocol/message-text.js';
import type { ChatStrings } from '../../i18n/chat-strings.js';
import { format } from '../../i18n/format.js';

/** Below this many characters left, the count is shown. */
const SHOW_COUNT_BELOW = 200;

export function Composer({ t, onSend, onTyping }: { t: ChatStrings; onSend(text: string): void; onTyping(typing: boolean): void }) {
  const [text, setText] = useState('');
  const onTypingRef = useRef(onTyping);
  onTypingRef.current = onTyping;
  const typing = useMemo(() => createTypingSender((isTyping) => onTypingRef.current(isTyping)), []);
  // Leaving the chat (it ended, the window closes) counts as having stopped.
  useEffect(() => () => typing.stop(), [typing]);
  // Counted and refused by the same rule as the server's (protocol/message-text.ts).
  const left = MESSAGE_TEXT_MAX - messageLength(normalizeMessageText(text));
  const tooLong = left < 0;

  const send = () => {
    if (isBlankMessage(text) || tooLong) return;
    onSend(normalizeMessageText(text));
    setText('');
    typing.stop();
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <label for="message-text">{t.messageLabel}</label>
      <div class="composer-row">
        <textarea
          id="message-text"
          rows={2}
          value={text}
          aria-invalid={tooLong ? 'true' : undefined}
          aria-describedby={left < SHOW_COUNT_BELOW ? 'message-count' : undefined}
          onInput={(event) => {
            const value = event.currentTarget.value;
            setText(value);
            if (isBlankMessage(value)) typing.stop();
            else typing.input();
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              send();
            }
          }}
          data-autofocus
        />
        <button type="submit" class="primary">
          {t.send}
        </button>
      </div>
      {left < SHOW_COUNT_BELOW && (
        <p id="message-count" class={tooLong ? 'error' : 'hint'}>
          {tooLong ? format(t.tooLong, { count: -left }) : format(t.charactersLeft, { count: left })}
        </p>
      )}
    </form>
  );
}
