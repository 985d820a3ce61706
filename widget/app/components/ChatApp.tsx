/**
 * The chat app's frame: header (title, language switch, minimize), then the start form or the
 * conversation. Owns the conversation with the loader: ready, unread count, close requests.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { WidgetSiteResponse } from '../../../protocol/http.js';
import type { UnavailableReason } from '../../../protocol/hours.js';
import type { Language } from '../../../protocol/languages.js';
import type { WidgetOfferResponse } from '../../../protocol/rollout-offer.js';
import { CHAT_STRINGS, ERROR_STRINGS, isHeld, loadCatalogue } from '../catalogue.js';
import type { ChatClient } from '../chat-client.js';
import type { FrameBridge } from '../frame-bridge.js';
import { applyPersonaLook, personaStrings, personaText } from '../persona.js';
import { useChatState } from '../use-chat-state.js';
import { QUICK_EXIT_ESCAPE_WINDOW_MS } from '../../../protocol/privacy.js';
import { Closed, Ended, Idle, Privacy, prefetchWhenIdle, Waiting } from './parts.js';
import { ConversationView } from './ConversationView.js';
import { InBoth, LanguageChoice } from './LanguageChoice.js';
import { StartForm } from './StartForm.js';

export interface ChatAppProps {
  client: ChatClient;
  bridge: FrameBridge;
  siteId: string;
  initialLanguage: Language;
  /** The page is in neither official language (the loader's `ask`): greet in both and let the citizen choose. */
  askLanguage?: boolean;
  page: { url: string; title: string };
  /** The loader's random visitor id; null when the frame was opened on its own. */
  visitorId: string | null;
}

/**
 * Why no chat can start in this language on any topic (closed, or nobody for any topic), or null
 * when at least one topic can start.
 */
function closedReason(site: WidgetSiteResponse, language: Language, offer: WidgetOfferResponse | null): UnavailableReason | null {
  // The soft launch first: the capacity guard closed, or chat not offered here now.
  if (offer?.state === 'busy') return 'busy';
  if (offer?.state === 'refused') return 'not_offered';
  const entries = site.availability.filter((entry) => entry.language === language);
  if (entries.length === 0 || entries.some((entry) => entry.available)) return null;
  return entries.find((entry) => entry.reason !== 'nobody_available')?.reason ?? 'nobody_available';
}

/** The site with only the topics offered to this visitor (all of them when no offer could be read). */
function offered(site: WidgetSiteResponse, offer: WidgetOfferResponse | null): WidgetSiteResponse {
  if (offer === null || offer.state !== 'offered') return site;
  return { ...site, topics: site.topics.filter((topic) => offer.topicIds.includes(topic.id)) };
}

/** Puts focus on the main field of whatever is showing (marked `data-autofocus`); false if none yet. */
export function focusMainField(): boolean {
  const field = document.querySelector<HTMLElement>('[data-autofocus]');
  field?.focus();
  return field !== null;
}

/** Where the frame keeps the language chosen on a page in neither language, for the next such page. */
const choiceKey = (siteId: string) => `gov-chat:language:${siteId}`;
function chosenLanguage(siteId: string): Language | null {
  try {
    const chosen = sessionStorage.getItem(choiceKey(siteId));
    return chosen === 'en' || chosen === 'fr' ? chosen : null;
  } catch {
    return null;
  }
}

export function ChatApp({ client, bridge, siteId, initialLanguage, askLanguage = false, page, visitorId }: ChatAppProps) {
  const state = useChatState(client);
  const [language, showLanguage] = useState(initialLanguage);
  // The other language's strings are a chunk: switch once they are here (fetched ahead on idle).
  const [switchFailed, setSwitchFailed] = useState(false);
  const setLanguage = (next: Language) =>
    loadCatalogue(next).then(
      () => {
        setSwitchFailed(false);
        showLanguage(next);
      },
      () => setSwitchFailed(true),
    );
  // The active offer: until the citizen chooses (or a chat under way says), both languages, once
  // both catalogues are here (the page holds one); a choice made on an earlier page applies.
  const [asking, setAsking] = useState(() => askLanguage && chosenLanguage(siteId) === null);
  const [bothHeld, setBothHeld] = useState(() => isHeld('en') && isHeld('fr'));
  useEffect(() => {
    const chosen = askLanguage ? chosenLanguage(siteId) : null;
    if (chosen !== null && chosen !== language) void setLanguage(chosen);
    if (asking && !bothHeld) Promise.all([loadCatalogue('en'), loadCatalogue('fr')]).then(() => setBothHeld(true), () => setSwitchFailed(true));
  }, []);
  const [site, setSite] = useState<WidgetSiteResponse | null>(null);
  const [siteFailed, setSiteFailed] = useState(false);
  // The topic the citizen chose before learning nobody can answer it now: leaving a message instead.
  const [leavingFor, setLeavingFor] = useState<string | null>(null);
  const panelOpen = useRef(!bridge.embedded);
  const unread = useRef(0);
  const seenMessages = useRef(0);
  // The visitor opened the panel before the form had loaded: focus it once it shows.
  const focusPending = useRef(false);
  // The site's persona (issue #10): its name and templates in place of the app's own texts.
  const persona = site?.persona;
  const t = useMemo(() => personaStrings(CHAT_STRINGS[language], persona, language), [language, persona]);
  const inBoth = useMemo(
    () => (bothHeld ? { en: personaStrings(CHAT_STRINGS.en, persona, 'en'), fr: personaStrings(CHAT_STRINGS.fr, persona, 'fr') } : null),
    [persona, bothHeld],
  );
  // Both languages side by side while asking, once both are here.
  const both = asking ? inBoth : null;
  const joined = (key: keyof typeof t) => (both === null ? t[key] : `${both.en[key]} | ${both.fr[key]}`);
  const choose = (chosen: Language) => {
    void setLanguage(chosen);
    setAsking(false);
    try {
      sessionStorage.setItem(choiceKey(siteId), chosen);
    } catch {
      // Storage blocked: the next page in neither language asks again.
    }
    // The form in the chosen language takes focus once it shows.
    focusPending.current = true;
  };
  useEffect(() => applyPersonaLook(persona), [persona]);
  const said = (text: 'greeting' | 'signOff' | 'welcome') => personaText(persona, text, language, t.title);
  const [privacyOpen, setPrivacyOpen] = useState(false);
  // The site's quick exit (null: none), read by the key handler set up once.
  const exitUrl = useRef<string | null>(null);
  exitUrl.current = site?.quickExitUrl ?? null;
  /** Clears the chat from the tab and leaves the page for the site's neutral one (README.md, "Privacy"). */
  const quickExit = () => {
    const url = exitUrl.current;
    if (url === null) return;
    client.quickExit();
    if (bridge.embedded) bridge.post({ type: 'quick-exit', url });
    else location.replace(url);
  };

  const focusIfPending = () => {
    if (focusPending.current && focusMainField()) focusPending.current = false;
  };
  useEffect(focusIfPending);

  const loadSite = () =>
    fetch(`/api/widget/site?${new URLSearchParams({ site: siteId })}`)
      .then((response) => (response.ok ? (response.json() as Promise<WidgetSiteResponse>) : Promise.reject()))
      .then(setSite, () => setSiteFailed(true));
  useEffect(() => void loadSite(), [siteId]);

  // What the soft launch offers this visitor here, in this language: topics, features, busy. Asked
  // again when the language changes; without a visitor id (or an answer) everything shows as
  // before, and the server still judges every start.
  const [offer, setOffer] = useState<WidgetOfferResponse | null>(null);
  const underWay = state.conversation !== null && state.conversation.status !== 'closed';
  const loadOffer = () => {
    if (visitorId === null) return;
    // In a conversation: its features, even if chat is no longer offered to new visitors.
    const query = new URLSearchParams({ site: siteId, page: page.url, lang: language, visitor: visitorId, ...(underWay ? { resume: '1' } : {}) });
    fetch(`/api/widget/offer?${query}`)
      .then((response) => (response.ok ? (response.json() as Promise<WidgetOfferResponse>) : null))
      .then(setOffer, () => setOffer(null));
  };
  useEffect(loadOffer, [siteId, language, visitorId, underWay]);

  // Chat closed between loading the form and starting: show why, with the hours, afresh.
  useEffect(() => {
    if (state.actionError === 'chat_unavailable') {
      void loadSite();
      loadOffer();
    }
  }, [state.actionError]);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = joined('title');
  }, [language, t, both]);

  useEffect(() => {
    bridge.onMessage((message) => {
      if (message.type === 'quick-exit') return quickExit();
      panelOpen.current = message.type === 'opened';
      if (message.type === 'opened') {
        unread.current = 0;
        bridge.post({ type: 'unread', count: 0 });
        if (message.focus) focusPending.current = !focusMainField();
      }
    });
    bridge.post({ type: 'ready' });
    let escapedAt = 0;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      // Escape twice within a second is the quick exit, where the site has one.
      const exit = exitUrl.current;
      if (exit !== null && Date.now() - escapedAt < QUICK_EXIT_ESCAPE_WINDOW_MS) return quickExit();
      escapedAt = Date.now();
      if (bridge.embedded) bridge.post({ type: 'close-requested', ...(exit === null ? {} : { exit }) });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [bridge]);

  // Count agent and service messages (and inactivity warnings) that arrive while the panel is
  // closed, for the launcher's badge: a citizen reading the page must see that the chat needs them.
  const warning = state.conversation?.idleWarning?.closesAt;
  useEffect(() => {
    const fresh = state.messages.slice(seenMessages.current);
    seenMessages.current = state.messages.length;
    const news = fresh.filter((message) => message.author.kind !== 'visitor').length;
    if (news > 0 && !panelOpen.current) {
      unread.current += news;
      bridge.post({ type: 'unread', count: unread.current });
    }
  }, [state.messages, bridge]);
  useEffect(() => {
    if (warning !== undefined && !panelOpen.current) bridge.post({ type: 'unread', count: ++unread.current });
  }, [warning, bridge]);

  // A chat resumed after a reload or on the next page speaks the language the citizen last chose
  // in it, whatever the page's language.
  const resumed = useRef(false);
  const conversationLanguage = state.conversation?.language;
  useEffect(() => {
    if (conversationLanguage === undefined || resumed.current) return;
    resumed.current = true;
    void setLanguage(conversationLanguage);
    setAsking(false);
  }, [conversationLanguage]);

  const active = state.conversation !== null && state.conversation.status !== 'closed';
  useEffect(() => bridge.post({ type: 'conversation', active }), [active, bridge]);

  // The parts loaded on demand, fetched before they are needed: the closed view and the privacy
  // dialog once the form is up; the waiting help, the inactivity warning and the ended chat as soon
  // as a chat is under way.
  useEffect(() => {
    if (site !== null) prefetchWhenIdle(Closed, Privacy, { prefetch: () => loadCatalogue(language === 'en' ? 'fr' : 'en') });
  }, [site !== null]);
  useEffect(() => {
    if (state.conversation !== null) prefetchWhenIdle(Waiting, Idle, Ended);
  }, [state.conversation !== null]);

  const fatal = state.fatalError ?? (siteFailed ? 'chat_unavailable' : null);

  return (
    <div class="chat">
      <header class="chat-header">
        {persona?.avatar.kind === 'image' ? (
          <img class="avatar" src={persona.avatar.url} alt="" width={32} height={32} />
        ) : (
          persona?.avatar.initials && (
            <span class="avatar" aria-hidden="true">
              {persona.avatar.initials}
            </span>
          )
        )}
        <h1>{both ? <InBoth strings={both} text="title" /> : t.title}</h1>
        <div class="header-actions">
          {site?.quickExitUrl != null && (
            <button type="button" class="exit" title={joined('quickExitHint')} onClick={quickExit}>
              {both ? <InBoth strings={both} text="quickExit" /> : t.quickExit}
            </button>
          )}
          {site !== null && !asking && (
            <button type="button" class="quiet" aria-haspopup="dialog" onClick={() => setPrivacyOpen(true)}>
              {t.privacyButton}
            </button>
          )}
          {!asking && (
            <button
              type="button"
              class="quiet"
              lang={t.switchLanguageLang}
              onClick={() => {
                const next = language === 'en' ? 'fr' : 'en';
                void setLanguage(next);
                // The chat follows: the agent sees the switch, and a waiting chat the new language's line.
                client.setLanguage(next);
              }}
            >
              {t.switchLanguage}
            </button>
          )}
          {bridge.embedded && (
            <button
              type="button"
              class="quiet icon"
              aria-label={joined('minimize')}
              title={joined('minimize')}
              onClick={() => bridge.post({ type: 'close-requested' })}
            >
              <span aria-hidden="true">–</span>
            </button>
          )}
        </div>
      </header>
      <main class="chat-body">
        {switchFailed && (
          <p class="error" role="alert">
            {t.partFailed}
          </p>
        )}
        {fatal !== null ? (
          <p class="notice" role="alert">
            {ERROR_STRINGS[language][fatal] ?? ERROR_STRINGS[language].fallback}
          </p>
        ) : state.conversation === null ? (
          asking ? (
            both === null ? (
              <p class="notice" role="status">{t.loading}</p>
            ) : (
              <LanguageChoice strings={both} onChoose={choose} />
            )
          ) : site === null ? (
            <p class="notice" role="status">{t.loading}</p>
          ) : closedReason(site, language, offer) !== null || leavingFor !== null ? (
            <Closed.View
              t={t}
              // Drawn after its chunk arrived (ChatApp itself does not draw again then).
              onShown={focusIfPending}
              language={language}
              site={site}
              reason={closedReason(site, language, offer) ?? 'nobody_available'}
              features={offer?.features ?? null}
              busy={offer?.busy ?? null}
              topicId={leavingFor}
              onBack={
                leavingFor === null
                  ? null
                  : () => {
                      setLeavingFor(null);
                      requestAnimationFrame(focusMainField);
                    }
              }
              onLeave={(details) => client.leave({ ...details, language, pageUrl: page.url })}
            />
          ) : (
            <>
            {said('greeting') && <p class="greeting">{said('greeting')}</p>}
            <div role="status">{state.connection === 'busy' && <p class="notice-inline">{t.busy}</p>}</div>
            <StartForm
              t={t}
              language={language}
              site={offered(site, offer)}
              starting={state.starting}
              error={state.actionError}
              onStart={(details) =>
                client.start({ ...details, language, pageUrl: page.url, pageTitle: page.title }).then(focusMainField)
              }
              onLeaveInstead={(topicId) => {
                setLeavingFor(topicId);
                requestAnimationFrame(focusMainField);
              }}
            />
            </>
          )
        ) : (
          <>
            {said('welcome') && <p class="greeting">{said('welcome')}</p>}
            <ConversationView
              client={client}
              state={state}
              t={t}
              language={language}
              transcript={offer?.features.transcript !== false}
              survey={offer?.features.survey !== false}
              waitingHelp={
                site === null || offer?.features.self_service === false
                  ? null
                  : { links: site.selfService, topicLabel: site.topics.find((topic) => topic.id === state.conversation?.topicId)?.label[language] ?? null }
              }
            />
            {state.conversation.status === 'closed' && said('signOff') && <p class="greeting">{said('signOff')}</p>}
          </>
        )}
      </main>
      {privacyOpen && site !== null && <Privacy.View t={t} language={language} site={site} onClose={() => setPrivacyOpen(false)} />}
    </div>
  );
}
