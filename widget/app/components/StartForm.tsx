/**
 * The privacy notice, an optional first name and the topic: what a citizen gives before a chat. A
 * topic nobody can answer now in this language says so as soon as it is chosen, and the button
 * leads to leaving a message instead.
 */
import { useRef, useState } from 'preact/hooks';
import type { ErrorCode } from '../../../protocol/error-codes.js';
import type { WidgetSiteResponse } from '../../../protocol/http.js';
import type { Language } from '../../../protocol/languages.js';
import { VISITOR_NAME_MAX } from '../../../protocol/limits.js';
import type { ChatStrings } from '../../i18n/chat-strings.js';
import { format } from '../../i18n/format.js';
import { ERROR_STRINGS } from '../catalogue.js';
import { NoticeDetails } from './Privacy.js';

export interface StartFormProps {
  t: ChatStrings;
  language: Language;
  site: WidgetSiteResponse;
  starting: boolean;
  error: ErrorCode | null;
  onStart(details: { visitorName: string; topicId: string }): void;
  /** The citizen chose a topic nobody can answer now and asked to leave a message. */
  onLeaveInstead(topicId: string): void;
}

export function StartForm({ t, language, site, starting, error, onStart, onLeaveInstead }: StartFormProps) {
  const [visitorName, setVisitorName] = useState('');
  const [topicId, setTopicId] = useState<string | null>(null);
  const [topicMissing, setTopicMissing] = useState(false);
  const firstTopic = useRef<HTMLInputElement>(null);
  const unavailable =
    topicId !== null &&
    site.availability.some((entry) => entry.topicId === topicId && entry.language === language && !entry.available);

  const submit = (event: Event) => {
    event.preventDefault();
    if (starting) return;
    if (topicId === null) {
      setTopicMissing(true);
      firstTopic.current?.focus();
      return;
    }
    if (unavailable) onLeaveInstead(topicId);
    else onStart({ visitorName, topicId });
  };

  return (
    <form class="start" onSubmit={submit} noValidate>
      <h2>{t.privacyHeading}</h2>
      <p>{format(t.privacyNotice, { org: site.name[language] })}</p>
      {site.privacyNotice !== null && <NoticeDetails t={t} language={language} notice={site.privacyNotice} />}

      <div class="field">
        <label for="visitor-name">{t.nameLabel}</label>
        <p id="visitor-name-hint" class="hint">{t.nameHint}</p>
        <input
          id="visitor-name"
          type="text"
          autocomplete="given-name"
          maxLength={VISITOR_NAME_MAX}
          aria-describedby="visitor-name-hint"
          value={visitorName}
          onInput={(event) => setVisitorName(event.currentTarget.value)}
          data-autofocus
        />
      </div>

      <fieldset class="field" aria-describedby={topicMissing ? 'topic-error' : undefined}>
        <legend>{t.topicLegend}</legend>
        {site.topics.map((topic, index) => (
          <label class="choice" key={topic.id}>
            <input
              type="radio"
              name="topic"
              value={topic.id}
              ref={index === 0 ? firstTopic : undefined}
              checked={topicId === topic.id}
              aria-invalid={topicMissing ? 'true' : undefined}
              onChange={() => {
                setTopicId(topic.id);
                setTopicMissing(false);
              }}
            />
            {topic.label[language]}
          </label>
        ))}
        {topicMissing && (
          <p id="topic-error" class="error">
            {t.topicRequired}
          </p>
        )}
      </fieldset>
      <div role="status">{unavailable && <p class="notice-inline">{t.reasonNobodyTopic}</p>}</div>

      {error !== null && (
        <p class="error" role="alert">
          {error === 'unavailable' || error === 'internal'
            ? t.startFailed
            : (ERROR_STRINGS[language][error] ?? ERROR_STRINGS[language].fallback)}
        </p>
      )}
      <button type="submit" class="primary" aria-disabled={starting ? 'true' : undefined}>
        {starting ? t.starting : unavailable ? t.leaveInstead : t.start}
      </button>
    </form>
  );
}
