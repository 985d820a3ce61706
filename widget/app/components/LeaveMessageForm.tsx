/**
 * Leaving a message when chat is not available: the topic, an optional name and ways to reply, and
 * the message; checked here by the same rules as the server's (protocol/contact-details.ts,
 * protocol/message-text.ts), then the reference to quote.
 */
import { useRef, useState } from 'preact/hooks';
import type { ErrorCode } from '../../../protocol/error-codes.js';
import { isValidEmail, isValidPhone, PHONE_MAX } from '../../../protocol/contact-details.js';
import type { WidgetSiteResponse } from '../../../protocol/http.js';
import type { Language } from '../../../protocol/languages.js';
import { EMAIL_MAX, MESSAGE_TEXT_MAX, VISITOR_NAME_MAX } from '../../../protocol/limits.js';
import { isBlankMessage, messageLength, normalizeMessageText } from '../../../protocol/message-text.js';
import type { PartStrings } from '../../i18n/chat-later.js';
import { format } from '../../i18n/format.js';
import { ERROR_STRINGS } from '../catalogue.js';
import type { LeaveDetails, LeaveResult } from '../chat-client.js';
import { redactionMarker } from '../../../protocol/privacy.js';
import { redactionNote } from './Privacy.js';

export interface LeaveMessageFormProps {
  t: PartStrings;
  language: Language;
  site: WidgetSiteResponse;
  /** The topic already chosen, if any. */
  topicId: string | null;
  onLeave(details: Omit<LeaveDetails, 'language' | 'pageUrl'>): Promise<LeaveResult>;
}

type Field = 'topic' | 'email' | 'phone' | 'text';

export function LeaveMessageForm({ t, language, site, topicId: chosen, onLeave }: LeaveMessageFormProps) {
  const [topicId, setTopicId] = useState<string | null>(chosen);
  const [visitorName, setVisitorName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [sending, setSending] = useState(false);
  const [failed, setFailed] = useState<ErrorCode | null>(null);
  const [reference, setReference] = useState<string | null>(null);
  const [removed, setRemoved] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const sentHeading = useRef<HTMLHeadingElement>(null);

  const left = MESSAGE_TEXT_MAX - messageLength(normalizeMessageText(text));

  const submit = async (event: Event) => {
    event.preventDefault();
    if (sending) return;
    const found: Partial<Record<Field, string>> = {};
    if (topicId === null) found.topic = t.leaveTopicMissing;
    if (email.trim() !== '' && !isValidEmail(email.trim())) found.email = t.emailInvalid;
    if (phone.trim() !== '' && !isValidPhone(phone.trim())) found.phone = t.phoneInvalid;
    if (isBlankMessage(text)) found.text = t.leaveTextMissing;
    else if (left < 0) found.text = format(t.tooLong, { count: -left });
    setErrors(found);
    setFailed(null);
    const first = (['topic', 'email', 'phone', 'text'] as const).find((field) => found[field] !== undefined);
    if (first !== undefined || topicId === null) {
      form.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    setSending(true);
    const result = await onLeave({ topicId, visitorName, email, phone, text: normalizeMessageText(text) });
    setSending(false);
    if ('reference' in result) {
      // The note says what was taken out, as under a chat message (the markers name the kinds).
      setRemoved(redactionNote(result.redacted.map(redactionMarker).join(''), t));
      setReference(result.reference);
      requestAnimationFrame(() => sentHeading.current?.focus());
    } else {
      setFailed(result.code);
    }
  };

  if (reference !== null) {
    return (
      <section class="sent" aria-labelledby="sent-heading">
        <h2 id="sent-heading" ref={sentHeading} tabIndex={-1}>
          {t.leaveSentHeading}
        </h2>
        <p>{format(t.leaveSentReference, { reference })}</p>
        {removed !== null && <p class="hint">{removed}</p>}
      </section>
    );
  }

  /** The props that tie a field to its error message. */
  const described = (field: Field, hint?: string) => {
    const ids = [hint, errors[field] !== undefined ? `${field}-error` : undefined].filter(Boolean).join(' ');
    return { 'data-field': field, 'aria-invalid': errors[field] !== undefined ? ('true' as const) : undefined, 'aria-describedby': ids || undefined };
  };
  const errorOf = (field: Field) =>
    errors[field] !== undefined && (
      <p id={`${field}-error`} class="error">
        {errors[field]}
      </p>
    );

  return (
    <form class="leave" ref={form} onSubmit={submit} noValidate aria-labelledby="leave-heading">
      <h2 id="leave-heading">{t.leaveHeading}</h2>
      <p>{t.leaveIntro}</p>
      <p class="hint">{t.leavePrivacy}</p>

      <fieldset class="field" aria-describedby={errors.topic !== undefined ? 'topic-error' : undefined}>
        <legend>{t.topicLegend}</legend>
        {site.topics.map((topic, index) => (
          <label class="choice" key={topic.id}>
            <input
              type="radio"
              name="leave-topic"
              value={topic.id}
              checked={topicId === topic.id}
              aria-invalid={errors.topic !== undefined ? 'true' : undefined}
              data-field={index === 0 ? 'topic' : undefined}
              onChange={() => setTopicId(topic.id)}
            />
            {topic.label[language]}
          </label>
        ))}
        {errorOf('topic')}
      </fieldset>

      <div class="field">
        <label for="leave-name">{t.nameLabel}</label>
        <input id="leave-name" type="text" autocomplete="name" maxLength={VISITOR_NAME_MAX} value={visitorName} onInput={(event) => setVisitorName(event.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="leave-email">{t.emailLabel}</label>
        <input id="leave-email" type="email" autocomplete="email" maxLength={EMAIL_MAX} value={email} onInput={(event) => setEmail(event.currentTarget.value)} {...described('email')} />
        {errorOf('email')}
      </div>
      <div class="field">
        <label for="leave-phone">{t.phoneLabel}</label>
        <input id="leave-phone" type="tel" autocomplete="tel" maxLength={PHONE_MAX} value={phone} onInput={(event) => setPhone(event.currentTarget.value)} {...described('phone')} />
        {errorOf('phone')}
      </div>
      <div class="field">
        <label for="leave-text">{t.leaveTextLabel}</label>
        <textarea id="leave-text" rows={4} value={text} onInput={(event) => setText(event.currentTarget.value)} {...described('text', left < 200 ? 'leave-count' : undefined)} />
        {left < 200 && (
          <p id="leave-count" class="hint">
            {format(t.charactersLeft, { count: Math.max(0, left) })}
          </p>
        )}
        {errorOf('text')}
      </div>

      {failed !== null && (
        <p class="error" role="alert">
          {failed === 'rate_limited' || failed === 'invalid_payload' ? (ERROR_STRINGS[language][failed] ?? t.leaveFailed) : t.leaveFailed}
        </p>
      )}
      <button type="submit" class="primary" aria-disabled={sending ? 'true' : undefined}>
        {sending ? t.leaveSending : t.leaveSend}
      </button>
    </form>
  );
}
