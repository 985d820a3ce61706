/**
 * A message's text cut at the markers the server leaves where it removed an identifier
 * (`[redacted:sin]`, server/domain/redaction.ts), so that the console shows each as a readable
 * label in its own language rather than the raw marker. Pure: MessageList.tsx draws the parts.
 */
import { REDACTION_KINDS, REDACTION_MARKER, type RedactionKind } from '../../protocol/privacy.js';

export type TextPart = { kind: 'text'; text: string } | { kind: 'redacted'; redaction: RedactionKind };

const KINDS: ReadonlySet<string> = new Set(REDACTION_KINDS);

export function redactionParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let from = 0;
  for (const match of text.matchAll(new RegExp(REDACTION_MARKER.source, 'g'))) {
    const kind = match[1]!;
    if (!KINDS.has(kind)) continue;
    if (match.index > from) parts.push({ kind: 'text', text: text.slice(from, match.index) });
    parts.push({ kind: 'redacted', redaction: kind as RedactionKind });
    from = match.index + match[0].length;
  }
  if (from < text.length || parts.length === 0) parts.push({ kind: 'text', text: text.slice(from) });
  return parts;
}
