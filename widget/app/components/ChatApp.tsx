/**
 * The chat app's frame: header (title, language switch, minimize), then the start form or the
 * conversation. Owns the conversation with the loader: ready, unread count, close requests.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { WidgetSiteResponse } from '../../../protocol/http.js';
import type { Language } from '../../../protocol/languages.js';
import { CHAT_STRINGS, ERROR_STRINGS } from '../../i18n/chat-strings.js';
import type { ChatClient } from '../chat-client.js';
import type { FrameBridge } from '../frame-bridge.js';
import { useChatState } from '../use-chat-state.js';
import { ConversationView } from './ConversationView.js';
import { StartForm } from './StartForm.js';

export interface ChatAppProps {
  client: ChatClient;
  bridge: FrameBridge;
  siteId: string;
  initialLanguage: Language;
  page: { url: string; title: string };
}

/** Puts focus on the main field of whatever is showing (marked `data-autofocus`); false if none yet. */
export function focusMainField(): boolean {
  const field = document.querySelector<HTMLElement>('[data-autofocus]');
  field?.focus();
  return field !== null;
}

export function ChatApp({ client, bridge, siteId, initialLanguage, page }: ChatAppProps) {
  const state = useChatState(client);
  const [language, setLanguage] = useState(initialLanguage);
  const [site, setSite] = useState<WidgetSiteResponse | null>(null);
  const [siteFailed, setSiteFailed] = useState(false);
  const panelOpen = useRef(!bridge.embedded);
  const unread = useRef(0);
  const seenMessages = useRef(0);
  // The visitor opened the panel before the form had loaded: focus it once it shows.
  const focusPending = useRef(false);
  const t = CHAT_STRINGS[language];

  useEffect(() => {
    if (focusPending.current && focusMainField()) focusPending.current = false;
  });

  useEffect(() => {
    fetch(`/api/widget/site?${new URLSearchParams({ site: siteId })}`)
      .then((response) => (response.ok ? (response.json() as Promise<WidgetSiteResponse>) : Promise.reject()))
      .then(setSite, () => setSiteFailed(true));
  }, [siteId]);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t.title;
  }, [language, t]);

  useEffect(() => {
    bridge.onMessage((message) => {
      panelOpen.current = message.type === 'opened';
      if (message.type === 'opened') {
        unread.current = 0;
        bridge.post({ type: 'unread', count: 0 });
        if (message.focus) focusPending.current = !focusMainField();
      }
    });
    bridge.post({ type: 'ready' });
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && bridge.embedded) bridge.post({ type: 'close-requested' });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [bridge]);

  // Count agent messages that arrive while the panel is closed, for the launcher's badge.
  useEffect(() => {
    const fresh = state.messages.slice(seenMessages.current);
    seenMessages.current = state.messages.length;
    const fromAgent = fresh.filter((message) => message.author.kind === 'agent').length;
    if (fromAgent > 0 && !panelOpen.current) {
      unread.current += fromAgent;
      bridge.post({ type: 'unread', count: unread.current });
    }
  }, [state.messages, bridge]);

  // A chat resumed after a reload or on the next page speaks the language the citizen last chose
  // in it, whatever the page's language.
  const resumed = useRef(false);
  const conversationLanguage = state.conversation?.language;
  useEffect(() => {
    if (conversationLanguage === undefined || resumed.current) return;
    resumed.current = true;
    setLanguage(conversationLanguage);
  }, [conversationLanguage]);

  const active = state.conversation !== null && state.conversation.status !== 'closed';
  useEffect(() => bridge.post({ type: 'conversation', active }), [active, bridge]);

  const fatal = state.fatalError ?? (siteFailed ? 'chat_unavailable' : null);

  return (
    <div class="chat">
      <header class="chat-header">
        <h1>{t.title}</h1>
        <div class="header-actions">
          <button
            type="button"
            class="quiet"
            lang={t.switchLanguageLang}
            onClick={() => {
              const next = language === 'en' ? 'fr' : 'en';
              setLanguage(next);
              // The chat follows: the agent sees the switch, and a waiting chat the new language's line.
              client.setLanguage(next);
            }}
          >
            {t.switchLanguage}
          </button>
          {bridge.embedded && (
            <button
              type="button"
              class="quiet icon"
              aria-label={t.minimize}
              title={t.minimize}
              onClick={() => bridge.post({ type: 'close-requested' })}
            >
              <span aria-hidden="true">–</span>
            </button>
          )}
        </div>
      </header>
      <main class="chat-body">
        {fatal !== null ? (
          <p class="notice" role="alert">
            {ERROR_STRINGS[language][fatal] ?? ERROR_STRINGS[language].fallback}
          </p>
        ) : state.conversation === null ? (
          site === null ? (
            <p class="notice" role="status">{t.loading}</p>
          ) : (
            <StartForm
              t={t}
              language={language}
              site={site}
              starting={state.starting}
              error={state.actionError}
              onStart={(details) =>
                client.start({ ...details, language, pageUrl: page.url, pageTitle: page.title }).then(focusMainField)
              }
            />
          )
        ) : (
          <ConversationView client={client} state={state} t={t} language={language} />
        )}
      </main>
    </div>
  );
}
