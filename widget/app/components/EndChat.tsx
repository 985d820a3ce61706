/** "End chat", with a confirmation step so that a stray click does not end a conversation. */
import { useRef, useState } from 'preact/hooks';
import type { ChatStrings } from '../../i18n/chat-strings.js';

export function EndChat({ t, onEnd }: { t: ChatStrings; onEnd(): void }) {
  const [confirming, setConfirming] = useState(false);
  // Focus moves with the step, through ref callbacks made once: they run as their button is put in
  // the page, before the browser paints, so focus never rests on the page between the two steps
  // (a key pressed in that moment would land on a button focused a frame later).
  const returning = useRef(false);
  const focusOnArrival = useRef((button: HTMLButtonElement | null) => button?.focus()).current;
  const focusOnReturn = useRef((button: HTMLButtonElement | null) => {
    if (!button || !returning.current) return;
    // Once: a later redraw of the button must not take focus from wherever the citizen went.
    returning.current = false;
    button.focus();
  }).current;
  const keepChatting = () => {
    returning.current = true;
    setConfirming(false);
  };

  if (!confirming) {
    return (
      <div class="end">
        <button type="button" class="secondary" ref={focusOnReturn} onClick={() => setConfirming(true)}>
          {t.endChat}
        </button>
      </div>
    );
  }
  return (
    <div
      class="end confirm"
      role="group"
      aria-labelledby="end-confirm"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          keepChatting();
        }
      }}
    >
      <p id="end-confirm">{t.endConfirm}</p>
      <button type="button" class="danger" onClick={onEnd}>
        {t.endYes}
      </button>
      <button type="button" class="secondary" ref={focusOnArrival} onClick={keepChatting}>
        {t.endNo}
      </button>
    </div>
  );
}
