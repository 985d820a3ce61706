/**
 * The chat app inside the widget's iframe: reads its address, starts the client. Started by the
 * page's entry (start-en.ts, start-fr.ts) with that page's strings.
 */
import { render } from 'preact';
import type { Language } from '../../protocol/languages.js';
import type { Catalogue } from '../i18n/chat-strings.js';
import { hold } from './catalogue.js';
import { ChatClient } from './chat-client.js';
import { ChatApp } from './components/ChatApp.js';
import { createFrameBridge } from './frame-bridge.js';
import './styles.css';

export function startChat(language: Language, catalogue: Catalogue): void {
  hold(language, catalogue);
  const params = new URLSearchParams(location.search);
  const siteId = params.get('site') ?? '';
  const parent = params.get('parent');
  const page = params.get('page') ?? '';
  // The loader's random visitor id (checked by the server's schema); absent when opened on its own.
  const visitor = params.get('visitor') ?? undefined;

  const parentOrigin = (() => {
    try {
      return parent ? new URL(parent).origin : null;
    } catch {
      return null;
    }
  })();

  const root = document.getElementById('app');
  if (root !== null) {
    render(
      <ChatApp
        client={new ChatClient(siteId, location.origin, undefined, visitor)}
        bridge={createFrameBridge(parentOrigin)}
        siteId={siteId}
        initialLanguage={language}
        askLanguage={params.get('ask') === '1'}
        page={{ url: page.startsWith('http') ? page : (parentOrigin ?? location.origin) + '/', title: params.get('title') ?? '' }}
        visitorId={visitor ?? null}
      />,
      root,
    );
  }
}
