/** The privacy notice in a dialog from the chat's header (its own chunk, loaded on demand). */
import { useEffect, useRef } from 'preact/hooks';
import type { WidgetSiteResponse } from '../../../protocol/http.js';
import type { Language } from '../../../protocol/languages.js';
import type { ChatStrings } from '../../i18n/chat-strings.js';
import { format } from '../../i18n/format.js';
import { NoticeDetails } from './Privacy.js';
import './PrivacyDialog.css';

/**
 * The notice in a modal dialog: the browser keeps focus inside it and closes it on Escape; focus
 * goes back to where it was (the header's button) when it closes.
 */
export function PrivacyDialog({ t, language, site, onClose }: { t: ChatStrings; language: Language; site: WidgetSiteResponse; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
    return () => opener?.focus();
  }, []);
  return (
    <dialog
      ref={dialog}
      class="privacy"
      aria-labelledby="privacy-title"
      onClose={onClose}
      // Escape here closes the dialog only (the browser does it), not the chat panel.
      onKeyDown={(event) => event.key === 'Escape' && event.stopPropagation()}
    >
      <h2 id="privacy-title">{t.privacyButton}</h2>
      <p>{format(t.privacyNotice, { org: site.name[language] })}</p>
      {site.privacyNotice !== null && <NoticeDetails t={t} language={language} notice={site.privacyNotice} />}
      <button type="button" class="primary" onClick={() => dialog.current?.close()}>
        {t.privacyClose}
      </button>
    </dialog>
  );
}
