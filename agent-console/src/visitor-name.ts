/** How the console names a visitor: their first name if they gave one, else "Visitor". */
import type { AgentConversation } from '../../protocol/models.js';
import type { Strings } from './i18n.js';

export function visitorNameOf(conversation: Pick<AgentConversation, 'visitorName'>, strings: Strings): string {
  return conversation.visitorName ?? strings.visitor;
}
