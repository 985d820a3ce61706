/** A polite live region for news the agent did not ask for: new waiting chats, chats that left. */
import type { Language } from '../../../protocol/languages.js';
import type { AnnouncementItem, ConsoleState } from '../console-state.js';
import type { Strings } from '../i18n.js';
import { useLanguage } from '../language.js';
import { visitorNameOf } from '../visitor-name.js';

export function Announcer({ announcement }: { announcement: ConsoleState['announcement'] }) {
  const { strings, language } = useLanguage();
  return (
    <div role="status" className="visually-hidden">
      {announcement !== null && (
        // A new key each time, so the same words said twice are read twice.
        <p key={announcement.id}>{announcement.items.map((item) => describe(item, strings, language)).join(' ')}</p>
      )}
    </div>
  );
}

function describe(item: AnnouncementItem, strings: Strings, language: Language): string {
  switch (item.kind) {
    case 'waiting':
      return strings.announceWaiting(visitorNameOf(item.conversation, strings), item.conversation.topicLabel[language]);
    case 'assigned':
      return strings.announceAssigned(visitorNameOf(item.conversation, strings), item.conversation.topicLabel[language]);
    case 'taken-away':
      return strings.announceTakenAway(item.visitorName);
    case 'ended':
      return strings.endedByVisitor(item.visitorName);
    case 'transferred':
      return strings.announceTransferred(
        item.visitorName,
        item.to.kind === 'agent' ? (item.to.name ?? strings.agent) : strings.queueNamed(item.to.name[language]),
      );
  }
}
