/**
 * The loader: the only script that runs on the host page (budget: 2 KB gzipped).
 *
 * It asks the chat host whether to offer chat on this page, draws the launcher in a shadow root
 * (the page's CSS cannot reach it), and on first use creates the iframe that holds the whole
 * conversation, so that no script on the host page can read a citizen's messages or token. It talks
 * to the iframe only through the typed postMessage contract in protocol/frame-messages.ts,
 * checking the sender's origin and window.
 *
 * Embed: <script src="https://CHAT-HOST/widget.js" data-site="SITE-ID" async></script>
 */
import { FRAME_CHANNEL, type FrameToHost, type HostToFrame } from '../../protocol/frame-messages.js';
import type { Bilingual, Language } from '../../protocol/languages.js';
import { QUICK_EXIT_ESCAPE_WINDOW_MS } from '../../protocol/privacy.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { LAUNCHER_STRINGS } from '../i18n/launcher-strings.js';
import { LOADER_CSS } from './loader-styles.js';

/** An address the page may be sent to: https only. */
const leavable = (url: unknown): url is string => typeof url === 'string' && url.startsWith('https://');

const script = document.currentScript as HTMLScriptElement | null;
const siteId = script?.dataset.site;

if (script && siteId) {
  const chatOrigin = new URL(script.src).origin;
  // The page's language (`en-CA`, `fr`...). A page in neither official language, or that names
  // none, gets both, English first (the active offer), and the chat opens with a choice of
  // language (`ask` below); the offer is asked for in English.
  const tag = /^\s*(en|fr)(?![a-z])/i.exec(script.dataset.lang || document.documentElement.lang);
  const codes = (tag ? [tag[1]!.toLowerCase()] : ['en', 'fr']) as Language[];
  const language = codes[0]!;
  const make = <K extends keyof HTMLElementTagNameMap>(tag: K, parent: Node): HTMLElementTagNameMap[K] =>
    parent.appendChild(document.createElement(tag));
  // Host-origin session storage holds only whether the panel was open, a chat under way and the
  // soft launch's visitor id (no secret), so that a reload or the next page brings the
  // conversation back where it was. Local storage (this browser) holds the visitor id only when
  // the site's policy asks for it (the offer answer says so); otherwise it is forgotten there.
  const stateKey = `gov-chat:${siteId}`;
  type Remembered = { open?: boolean; active?: boolean; visitor?: string };
  const storage = (browser?: boolean) => (browser ? localStorage : sessionStorage);
  const remembered = (browser?: boolean): Remembered => {
    try {
      return JSON.parse(storage(browser).getItem(stateKey) || '{}');
    } catch {
      return {};
    }
  };
  const remember = (change: Remembered, browser?: boolean): void => {
    try {
      if (browser && !change.visitor) storage(browser).removeItem(stateKey);
      else storage(browser).setItem(stateKey, JSON.stringify({ ...remembered(browser), ...change }));
    } catch {
      // Storage can be blocked; the chat still works, it just will not reopen by itself.
    }
  };
  // Random (no cookie, nothing about the person), made here once per tab, or per browser.
  // 16 random bytes, in hex.
  const visitor =
    remembered(true).visitor ||
    remembered().visitor ||
    Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => (byte + 256).toString(16).slice(1)).join('');
  remember({ visitor });

  // The page's address without its query string or fragment, before anything leaves the page: those
  // can carry a search, an email or a case number, and would otherwise reach proxy logs and headers.
  const pageAddress = location.origin + location.pathname;
  const query = new URLSearchParams({ site: siteId, page: pageAddress, lang: language, visitor, v: String(PROTOCOL_VERSION) });
  // A chat under way here: the server gives the widget back if that conversation is still open.
  if (remembered().active) query.set('resume', '1');
  // No Referer either: it would carry the full address the query above leaves out.
  fetch(`${chatOrigin}/api/widget/offer?${query}`, { credentials: 'omit', referrerPolicy: 'no-referrer' })
    .then((response) => (response.ok ? response.json() : null))
    .then((offer: { offered?: boolean; frameUrl?: string; stickiness?: string; launcher?: { labels?: Bilingual; corner?: string } } | null) => {
      if (offer) remember({ visitor: offer.stickiness === 'browser' ? visitor : '' }, true);
      // The chat app records the page the chat started from (the agent sees it); it cannot read it.
      const page = new URLSearchParams({ page: pageAddress, title: document.title });
      if (codes[1]) page.set('ask', '1');
      if (offer?.offered && offer.frameUrl) mount(`${chatOrigin}${offer.frameUrl}&${page}`, offer.launcher?.labels, offer.launcher?.corner);
    })
    .catch(() => {
      // No chat today: the page works as it did without it.
    });

  // The persona's labels and corner come with the offer (text and a keyword: no markup, no style).
  function mount(frameUrl: string, labels: Bilingual | undefined, corner?: string): void {
    const label = (code: Language): string => labels?.[code] || LAUNCHER_STRINGS[code].launcher;
    // A named complementary landmark: the chat is a part of the page people can find and skip.
    const host = make('aside', document.body);
    host.setAttribute('aria-label', codes.map(label).join(' | '));
    if (corner) host.dataset.corner = corner;
    host.dataset.govChat = '';
    const root = host.attachShadow({ mode: 'open' });
    if ('adoptedStyleSheets' in root) {
      // A constructed sheet is not an inline <style>, so a strict page CSP does not block it (every
      // browser that adopts sheets constructs them).
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(LOADER_CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      make('style', root).textContent = LOADER_CSS;
    }
    const panel = make('div', root);
    panel.className = 'panel';
    panel.hidden = true;
    const launcher = make('button', root);
    launcher.type = 'button';
    launcher.className = 'launcher';

    let frame: HTMLIFrameElement | undefined;
    let frameReady = false;
    let open = false;
    let unread = 0;
    // The visitor opened the panel before the iframe was ready: focus it once it is.
    let focusWhenReady = false;

    const post = (message: HostToFrame): void => frame?.contentWindow?.postMessage(message, chatOrigin);
    const tellOpen = (focus: boolean): void => {
      // `focus` rides along on `closed` too, where the chat app ignores it.
      if (frameReady) post({ channel: FRAME_CHANNEL, type: open ? 'opened' : 'closed', focus } as HostToFrame);
    };
    // Each language's words in a part of their own, marked with their language.
    const drawLauncher = (): void => {
      launcher.textContent = '';
      launcher.setAttribute('aria-expanded', '' + open);
      codes.forEach((code, index) => {
        if (index) launcher.append(' | ');
        const part = make('span', launcher);
        part.lang = code;
        part.textContent = open ? LAUNCHER_STRINGS[code].launcherOpen : label(code);
        if (!open && unread > 0) {
          part.append(' ');
          const badge = make('span', part);
          badge.className = 'badge';
          badge.textContent = LAUNCHER_STRINGS[code].unread.replace('{n}', '' + unread);
        }
      });
    };
    const ensureFrame = (): void => {
      if (frame) return;
      frame = make('iframe', panel);
      frame.title = codes.map((code) => LAUNCHER_STRINGS[code].frameTitle).join(' | ');
      frame.referrerPolicy = 'no-referrer';
      frame.src = frameUrl;
    };
    const setOpen = (next: boolean, moveFocus: boolean): void => {
      open = next;
      if (open) {
        ensureFrame();
        unread = 0;
      }
      panel.hidden = !open;
      drawLauncher();
      remember({ open });
      tellOpen(moveFocus);
      focusWhenReady = open && moveFocus && !frameReady;
      if (moveFocus) (open ? (frameReady ? frame : undefined) : launcher)?.focus();
    };

    // Quick exit (README.md, "Privacy"): where to, once the chat said so with its first Escape,
    // and when that Escape was.
    let exitTo: string | undefined;
    let escapedAt = 0;
    // Called once, or twice (the chat's answer, then the timer): the second is the same navigation.
    const leave = (url: string): void => {
      try {
        storage().removeItem(stateKey);
        storage(true).removeItem(stateKey);
      } catch {
        // Storage blocked: nothing was kept there.
      }
      // Replace: Back does not return to this page.
      location.replace(url);
    };

    launcher.addEventListener('click', () => setOpen(!open, true));
    // Escape anywhere on the page closes the panel (2.4.11: where the panel covers the page, it
    // shows the focused element); focus goes back to the launcher only from the chat itself.
    document.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key !== 'Escape') return;
      if (exitTo && Date.now() - escapedAt < QUICK_EXIT_ESCAPE_WINDOW_MS) {
        // The chat clears itself and answers `quick-exit`; leave anyway if it does not at once.
        post({ channel: FRAME_CHANNEL, type: 'quick-exit' });
        setTimeout(leave, 300, exitTo);
      } else if (open) setOpen(false, event.target == host);
    });
    addEventListener('message', (event) => {
      // Only our frame's window, from the chat's origin, on our channel: whatever else the page
      // receives is not ours. Past that check the sender is the chat app itself (which takes the
      // address from the server, checked there by isQuickExitUrl), so only what could do harm here
      // is checked again: an address to leave for must be https (never `javascript:` or `data:`).
      const message = event.data as Partial<{ channel: string; type: FrameToHost['type']; exit: string; url: string; count: number; active: boolean }>;
      if (!frame || event.source !== frame.contentWindow || event.origin !== chatOrigin || message?.channel !== FRAME_CHANNEL) return;
      if (message.type === 'ready') {
        frameReady = true;
        tellOpen(focusWhenReady);
        if (focusWhenReady) frame.focus();
        focusWhenReady = false;
      } else if (message.type === 'close-requested') {
        exitTo = leavable(message.exit) ? message.exit : undefined;
        escapedAt = Date.now();
        setOpen(false, true);
      } else if (message.type === 'quick-exit') {
        if (leavable(message.url)) leave(message.url);
      } else if (message.type === 'unread') {
        unread = open ? 0 : message.count!;
        drawLauncher();
      } else if (message.type === 'conversation') {
        remember({ active: message.active === true });
      }
    });

    // Bring back a conversation under way after a reload or on the next page, without taking
    // focus from the page (the visitor did not just ask for it).
    const state = remembered();
    if (state.active) {
      ensureFrame();
      if (state.open) setOpen(true, false);
    }
    drawLauncher();
  }
}
