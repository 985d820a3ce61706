/** "End chat", with a confirmation step so that a stray click does not end a conversation. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatStrings } from '../../i18n/chat-strings.js';

export function EndChat({ t, onEnd }: { t: ChatStrings; onEnd(): void }) {
  const [confirming, setConfirming] = useState(false);
  const keepButton = useRef<HTMLButtonElement>(null);
  const endButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  useEffect(() => {
    if (confirming) keepButton.current?.focus();
    else if (wasConfirming.current) endButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  if (!confirming) {
    return (
      <div class="end">
        <button type="button" class="secondary" ref={endButton} onClick={() => setConfirming(true)}>
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
          setConfirming(false);
        }
      }}
    >
      <p id="end-confirm">{t.endConfirm}</p>
      <button type="button" class="danger" onClick={onEnd}>
        {t.endYes}
      </button>
      <button type="button" class="secondary" ref={keepButton} onClick={() => setConfirming(false)}>
        {t.endNo}
      </button>
    </div>
  );
}
