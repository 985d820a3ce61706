/**
 * The signed-in console: header tools, the waiting chats, my chats and the open chat. Owns the
 * live connection for as long as it is on screen.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import type { AgentConversation, AgentProfile } from '../../../protocol/models.js';
import {
  askNotificationPermission,
  notificationAccess,
  playTone,
  readyToneOnFirstGesture,
  saveSoundPreference,
  showNotification,
  soundPreference,
} from '../alert-output.js';
import { alertActions, attentionCount, titleText } from '../alerts.js';
import { ConsoleClient, type SessionEndCode } from '../console-client.js';
import { findChat } from '../console-state.js';
import { unansweredCount } from '../inbox-state.js';
import { useLanguage } from '../language.js';
import { followLink, usePathname } from '../navigation.js';
import { pagesFor, pathOf, routeOf, type PageId, type Route } from '../router.js';
import { visitorNameOf } from '../visitor-name.js';
import { PersonaPage } from './PersonaPage.js';
import { ToneNotes } from './ToneNotes.js';
import { AccountsPage } from './AccountsPage.js';
import { QueuesPage } from './QueuesPage.js';
import { SitesPage } from './SitesPage.js';
import { HistoryPage } from './HistoryPage.js';
import { ReportsPage } from './ReportsPage.js';
import { AlertSettings } from './AlertSettings.js';
import { Announcer } from './Announcer.js';
import { AppHeader } from './AppHeader.js';
import { ChangePasswordPage } from './ChangePasswordPage.js';
import { ConnectionStatus } from './ConnectionStatus.js';
import { ConversationView } from './ConversationView.js';
import { InboxView } from './InboxView.js';
import { MyChatsPanel } from './MyChatsPanel.js';
import { NameInSentence } from './NameInSentence.js';
import { QueuePanel } from './QueuePanel.js';
import { RolloutPage } from './RolloutPage.js';
import { StatusPicker } from './StatusPicker.js';
import { SupervisionView } from './SupervisionView.js';
import { WallboardPage } from './WallboardPage.js';
import { TransferDialog } from './TransferDialog.js';

interface Props {
  agent: AgentProfile;
  onSignOut: () => void;
  onSessionEnded: (code: SessionEndCode) => void;
}

export function ConsoleScreen({ agent, onSignOut, onSessionEnded }: Props) {
  const { strings } = useLanguage();
  const [client, setClient] = useState<ConsoleClient | null>(null);

  // Created in an effect (not during render) so that React's double mount in development starts
  // and stops a connection cleanly instead of leaking one.
  const sessionEnded = useRef(onSessionEnded);
  useEffect(() => {
    sessionEnded.current = onSessionEnded;
  });
  useEffect(() => {
    const created = new ConsoleClient(agent, (code) => sessionEnded.current(code));
    created.start();
    setClient(created);
    return () => created.stop();
  }, [agent]);

  if (client === null) {
    return (
      <>
        <AppHeader asHeading />
        <main className="loading">
          <p role="status">{strings.loading}</p>
        </main>
      </>
    );
  }
  return <LiveConsole client={client} onSignOut={onSignOut} />;
}

function LiveConsole({ client, onSignOut }: { client: ConsoleClient; onSignOut: () => void }) {
  const { strings, language } = useLanguage();
  const state = useSyncExternalStore(client.subscribe, client.getState);
  const [justAccepted, setJustAccepted] = useState<string | null>(null);
  // The page is the address (router.ts); the server refuses every command a role may not send.
  const route = routeOf(usePathname(), state.agent.role);
  const page = route.kind === 'page' ? route.page : null;
  const pageHeading = useRef<HTMLHeadingElement>(null);
  const inbox = useSyncExternalStore(client.inbox.subscribe, client.inbox.getState);
  const unanswered = unansweredCount(inbox);
  const [soundOn, setSoundOn] = useState(soundPreference);
  const [notifications, setNotifications] = useState(notificationAccess);
  /** The chat a supervisor is reassigning from the supervision view (a transfer of someone else's chat). */
  const [reassigning, setReassigning] = useState<AgentConversation | null>(null);
  const reassignOpener = useRef<HTMLElement | null>(null);
  const myChatsHeading = useRef<HTMLHeadingElement>(null);
  const conversationArea = useRef<HTMLDivElement>(null);

  const attention = attentionCount(state);
  const heading = headingOf(route, strings);
  useEffect(() => {
    // The page's heading names the tab; the count before it tells an agent working in another
    // tab or window that a chat arrived or a visitor wrote, until they look.
    document.title = titleText(strings.pageTitle(heading, strings.productName), attention);
  }, [strings, heading, attention]);

  // After a move to another page (not on the first one), focus goes to its heading, as a screen
  // reader user expects from a new page; the heading is in every page once the console synced.
  const routeKey = route.kind === 'not-found' ? 'not-found' : `${route.kind}:${route.page}`;
  const shownRoute = useRef<string | null>(null);
  useEffect(() => {
    if (!state.synced) return;
    if (shownRoute.current !== null && shownRoute.current !== routeKey) pageHeading.current?.focus();
    shownRoute.current = routeKey;
  }, [routeKey, state.synced]);

  useEffect(() => readyToneOnFirstGesture(), []);

  // Each new-chat alert once: the tone, and a desktop notification while the console is hidden.
  const alerted = useRef(0);
  useEffect(() => {
    const alert = state.alert;
    if (alert === null || alert.id === alerted.current) return;
    alerted.current = alert.id;
    const actions = alertActions({ soundOn, pageHidden: document.visibilityState === 'hidden', notifications: notificationAccess() });
    if (actions.sound) playTone();
    if (!actions.notify) return;
    for (const arrival of alert.arrivals) {
      const topic = arrival.conversation.topicLabel[language];
      const id = arrival.conversation.id;
      if (arrival.kind === 'assigned') showNotification(strings.productName, strings.notificationAssigned(topic), id, () => client.select(id));
      else showNotification(strings.productName, strings.notificationWaiting(topic), id, () => {});
    }
  }, [state.alert, soundOn, strings, language, client]);

  const selected = state.selectedId === null ? undefined : findChat(state, state.selectedId);
  const selectedId = selected?.conversation.id;
  // Stable per chat, so that the transfer dialog asks once when it opens, not at every render.
  const loadTransferTargets = useCallback(async () => {
    if (selectedId === undefined) return 'not_found' as const;
    const result = await client.transferTargets(selectedId);
    return result.ok ? { agents: result.agents, queues: result.queues } : result.error.code;
  }, [client, selectedId]);

  const reassigningId = reassigning?.id;
  const loadReassignTargets = useCallback(async () => {
    if (reassigningId === undefined) return 'not_found' as const;
    const result = await client.transferTargets(reassigningId);
    return result.ok ? { agents: result.agents, queues: result.queues } : result.error.code;
  }, [client, reassigningId]);
  const stopReassigning = () => setReassigning(null);
  useEffect(() => {
    // Once the dialog is gone (the page behind a modal dialog is inert, so not before): back to
    // the Reassign button, or wherever the supervisor was, if it is still on the page.
    const opener = reassignOpener.current;
    if (reassigning !== null || opener === null) return;
    reassignOpener.current = null;
    if (opener.isConnected) opener.focus();
  }, [reassigning]);

  const signOut = () => {
    client.forget();
    client.stop();
    onSignOut();
  };

  const select = (conversationId: string) => {
    client.select(conversationId);
    setJustAccepted(null);
    // Side by side, the chat is already in view; stacked on a narrow screen, bring it up.
    if (window.matchMedia('(max-width: 56rem)').matches) conversationArea.current?.scrollIntoView({ block: 'start' });
  };

  return (
    <>
      {/* The product name is the h1 only until a page, which has its own, is on screen. */}
      <AppHeader asHeading={!state.synced || state.outdated}>
        <p className="signed-in-as">
          <NameInSentence sentence={(name) => strings.signedInAs(name, strings.roles[state.agent.role])} name={state.agent.displayName} />
        </p>
        <ConnectionStatus connection={state.connection} />
        <StatusPicker
          status={state.agent.status}
          awayReason={state.agent.awayReason}
          onChange={async (status, reason) => {
            const result = await client.setStatus(status, reason);
            return result.ok ? null : result.error.code;
          }}
        />
        <AlertSettings
          soundOn={soundOn}
          onSoundChange={(on) => {
            setSoundOn(on);
            saveSoundPreference(on);
          }}
          notifications={notifications}
          onAllowNotifications={() => void askNotificationPermission().then(setNotifications)}
        />
        <a href={pathOf('account')} className="button-quiet" aria-current={page === 'account' ? 'page' : undefined} onClick={(event) => followLink(event, pathOf('account'))}>
          {strings.changePassword.link}
        </a>
        <button type="button" className="button-quiet" onClick={signOut}>
          {strings.signOut}
        </button>
      </AppHeader>
      <main className="console">
        {state.synced && !state.outdated && (
          <PageNav pages={pagesFor(state.agent.role)} current={page} unanswered={unanswered} more={inbox.next !== null && unanswered === inbox.items.length} />
        )}
        {state.outdated ? (
          <div role="alert" className="outdated">
            <p>{strings.outdated}</p>
            <button type="button" className="button-primary" onClick={() => window.location.reload()}>
              {strings.reload}
            </button>
          </div>
        ) : !state.synced ? (
          <p role="status" className="loading">
            {strings.loading}
          </p>
        ) : (
          // Mounted on every page (hidden on the others), so that drafts and the open chat stay put.
          <div className="console-layout" hidden={page !== 'chats'}>
            {page === 'chats' && (
              <h1 className="visually-hidden" ref={pageHeading} tabIndex={-1}>
                {heading}
              </h1>
            )}
            <div className="sidebar">
              <QueuePanel
                queue={state.queue}
                onAccept={async (conversationId) => {
                  const result = await client.accept(conversationId);
                  if (!result.ok) return result.error.code;
                  setJustAccepted(conversationId);
                  return null;
                }}
              />
              <MyChatsPanel
                agent={state.agent}
                chats={state.chats}
                selectedId={state.selectedId}
                onSelect={select}
                headingRef={myChatsHeading}
              />
            </div>
            <div className="conversation-area" ref={conversationArea}>
              {selected === undefined ? (
                <p className="muted no-chat">{strings.noChatSelected}</p>
              ) : (
                <>
                <ToneNotes personas={client.personas} siteId={selected.conversation.siteId} />
                <ConversationView
                  key={selected.conversation.id}
                  chat={selected}
                  agent={state.agent}
                  initialDraft={client.draftOf(selected.conversation.id)}
                  focusComposer={justAccepted === selected.conversation.id}
                  onDraftChange={(text) => client.saveDraft(selected.conversation.id, text)}
                  onSend={(text) => client.send(selected.conversation.id, text)}
                  onRetry={(clientId) => client.retry(selected.conversation.id, clientId)}
                  onEnd={async (reason) => {
                    const result = await client.endChat(selected.conversation.id, reason);
                    return result.ok ? null : result.error.code;
                  }}
                  onAskStillThere={async () => {
                    const result = await client.askStillThere(selected.conversation.id);
                    return result.ok ? null : result.error.code;
                  }}
                  onDismiss={() => {
                    client.dismiss(selected.conversation.id);
                    // The focused Close button is gone with the chat; the list is the next place to be.
                    myChatsHeading.current?.focus();
                  }}
                  cannedAnswers={state.cannedAnswers}
                  onTyping={(typing) => client.typing(selected.conversation.id, typing)}
                  onAddNote={async (clientId, text) => {
                    const result = await client.addNote(selected.conversation.id, clientId, text);
                    return result.ok ? null : result.error.code;
                  }}
                  loadTransferTargets={loadTransferTargets}
                  onTransfer={async (to, note, toName) => {
                    const result = await client.transfer(selected.conversation.id, to, note, toName);
                    if (!result.ok) return result.error.code;
                    // The chat is no longer this agent's: the list is the next place to be.
                    myChatsHeading.current?.focus();
                    return null;
                  }}
                  wrapUpOutcomes={state.wrapUpOutcomes}
                  onWrapUp={async (outcome, note) => {
                    const result = await client.wrapUp(selected.conversation.id, outcome, note);
                    if (!result.ok) return result.error.code;
                    // Saved: the chat left the list, and the agent is free for the next one.
                    myChatsHeading.current?.focus();
                    return null;
                  }}
                />
                </>
              )}
            </div>
          </div>
        )}
        {state.synced && !state.outdated && page === 'inbox' && <InboxView inbox={client.inbox} headingRef={pageHeading} />}
        {state.synced && !state.outdated && page === 'rollout' && <RolloutPage rollout={client.rollout} agent={state.agent} headingRef={pageHeading} />}
        {state.synced && !state.outdated && page === 'persona' && <PersonaPage personas={client.personas} headingRef={pageHeading} />}
        {state.synced && !state.outdated && page === 'accounts' && (
          <AccountsPage accounts={client.accounts} supervision={client.supervision} agent={state.agent} headingRef={pageHeading} />
        )}
        {state.synced && !state.outdated && page === 'sites' && <SitesPage sites={client.sites} headingRef={pageHeading} />}
        {state.synced && !state.outdated && page === 'queues' && <QueuesPage sites={client.sites} headingRef={pageHeading} />}
        {state.synced && !state.outdated && page === 'history' && (
          <HistoryPage history={client.history} supervision={client.supervision} outcomes={state.wrapUpOutcomes} me={state.agent} headingRef={pageHeading} />
        )}
        {state.synced && !state.outdated && page === 'reports' && <ReportsPage reports={client.reports} supervision={client.supervision} headingRef={pageHeading} />}
        {state.synced && !state.outdated && page === 'wallboard' && <WallboardPage supervision={client.supervision} headingRef={pageHeading} />}
        {state.synced && !state.outdated && page === 'account' && (
          <ChangePasswordPage
            accounts={client.accounts}
            agent={state.agent}
            onProposePublicName={async (name) => {
              const result = await client.proposePublicName(name);
              return result.ok ? null : result.error.code;
            }}
            headingRef={pageHeading}
          />
        )}
        {state.synced && !state.outdated && route.kind !== 'page' && <NoPage route={route} headingRef={pageHeading} />}
        {state.synced && !state.outdated && page === 'live' && (
          <SupervisionView
            headingRef={pageHeading}
            supervision={client.supervision}
            me={state.agent}
            onReassign={(conversation) => {
              reassignOpener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
              setReassigning(conversation);
            }}
          />
        )}
        {reassigning !== null && (
          // Reassigning is a transfer made by a supervisor (conversation:transfer allows it on any chat).
          <TransferDialog
            visitorName={visitorNameOf(reassigning, strings)}
            chatLanguage={reassigning.language}
            loadTargets={loadReassignTargets}
            onConfirm={async (to, note, toName) => {
              const result = await client.transfer(reassigning.id, to, note, toName);
              if (!result.ok) return result.error.code;
              stopReassigning();
              return null;
            }}
            onCancel={stopReassigning}
          />
        )}
        <Announcer announcement={state.announcement} />
      </main>
    </>
  );
}

/** The page's heading, which is also the start of its tab title. */
function headingOf(route: Route, strings: ReturnType<typeof useLanguage>['strings']): string {
  if (route.kind === 'page') return strings.pages[route.page].heading;
  return route.kind === 'forbidden' ? strings.forbiddenHeading : strings.notFoundHeading;
}

/**
 * The pages this role may open (router.ts), as links with their own address, the shown one
 * marked current; the inbox's says how many messages wait for an answer.
 */
function PageNav(props: { pages: PageId[]; current: PageId | null; unanswered: number; more: boolean }) {
  const { strings } = useLanguage();
  const { pages, current, unanswered, more } = props;
  return (
    <nav className="console-nav" aria-label={strings.sectionsLabel}>
      {pages.map((id) => (
        <a
          key={id}
          href={pathOf(id)}
          className="nav-button"
          aria-current={id === current ? 'page' : undefined}
          onClick={(event) => followLink(event, pathOf(id))}
        >
          {strings.pages[id].nav}
          {id === 'inbox' && unanswered > 0 && (
            // The number is what sighted agents scan for; the hidden words say what it counts.
            <span className="badge">
              <span aria-hidden="true">{more ? `${unanswered}+` : unanswered}</span>
              <span className="visually-hidden">{strings.inboxUnanswered(unanswered, more)}</span>
            </span>
          )}
        </a>
      ))}
    </nav>
  );
}

/** An address that is not a page, or a page that is not for this role: said so, with the way back. */
function NoPage({ route, headingRef }: { route: Exclude<Route, { kind: 'page' }>; headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { strings } = useLanguage();
  return (
    <div className="page no-page">
      <h1 ref={headingRef} tabIndex={-1}>
        {route.kind === 'forbidden' ? strings.forbiddenHeading : strings.notFoundHeading}
      </h1>
      <p>{route.kind === 'forbidden' ? strings.forbiddenText(strings.pages[route.page].nav) : strings.notFoundText}</p>
      <p>
        <a href={pathOf('chats')} onClick={(event) => followLink(event, pathOf('chats'))}>
          {strings.goToChats}
        </a>
      </p>
    </div>
  );
}
