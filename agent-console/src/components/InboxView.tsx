/**
 * The inbox: messages citizens left when chat was not available, newest first, for the queues this
 * agent serves (every queue for supervisors and managers). A list of buttons beside the open
 * message, with its reply details and a form to mark it answered with a note.
 */
import { useRef, useState, useSyncExternalStore, type FormEvent, type RefObject } from 'react';
import { MESSAGE_TEXT_MAX } from '../../../protocol/limits.js';
import { isBlankMessage, messageLength, normalizeMessageText } from '../../../protocol/message-text.js';
import type { InboxItemView } from '../../../protocol/models.js';
import type { ConsoleErrorCode } from '../console-types.js';
import { formatDateTime } from '../format.js';
import { errorText } from '../i18n.js';
import type { InboxClient } from '../inbox-client.js';
import { useLanguage } from '../language.js';
import { visitorNameOf } from '../visitor-name.js';
import { Fact } from './Fact.js';
import { NameInSentence } from './NameInSentence.js';

/** `headingRef`: the page's h1 (the inbox is a console page), focused when someone moves to the page. */
export function InboxView({ inbox, headingRef }: { inbox: InboxClient; headingRef?: RefObject<HTMLHeadingElement | null> }) {
  const { strings, language, locale } = useLanguage();
  const state = useSyncExternalStore(inbox.subscribe, inbox.getState);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const detailHeading = useRef<HTMLHeadingElement>(null);
  const detailArea = useRef<HTMLDivElement>(null);
  const selected = state.items.find((item) => item.id === selectedId);

  const select = (id: string) => {
    setSelectedId(id);
    // Stacked on a narrow screen, bring the message up.
    if (window.matchMedia('(max-width: 56rem)').matches) detailArea.current?.scrollIntoView({ block: 'start' });
  };

  return (
    <div className="console-layout">
      <div className="sidebar">
        <section className="panel" aria-labelledby="inbox-heading">
          <h1 id="inbox-heading" ref={headingRef} tabIndex={-1}>
            {strings.inboxHeading}
          </h1>
          <p className="muted">{strings.inboxIntro}</p>
          {!state.loaded ? (
            <p role="status">{strings.loading}</p>
          ) : state.items.length === 0 ? (
            <p className="muted">{strings.inboxEmpty}</p>
          ) : (
            <ul className="chat-list">
              {state.items.map((item) => (
                <li key={item.id}>
                  <button type="button" className="chat-button" aria-current={item.id === selectedId ? 'true' : undefined} onClick={() => select(item.id)}>
                    <span className="chat-button-text">
                      <span className="visitor-name">
                        <bdi>{visitorNameOf(item, strings)}</bdi>
                      </span>
                      <span className="chat-button-topic">
                        {item.topicLabel[language]}, {formatDateTime(item.createdAt, locale)}
                      </span>
                    </span>
                    <span className={item.status === 'new' ? 'badge' : 'tag'}>{item.status === 'new' ? strings.statusNew : strings.statusAnswered}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {state.next !== null && (
            <button type="button" className="button-secondary" aria-disabled={state.loading} onClick={() => void inbox.loadMore()}>
              {strings.loadOlder}
            </button>
          )}
        </section>
      </div>
      <div className="conversation-area" ref={detailArea}>
        {selected === undefined ? (
          <p className="muted no-chat">{strings.noMessageSelected}</p>
        ) : (
          <InboxItemDetail key={selected.id} item={selected} headingRef={detailHeading} onAnswer={(note) => inbox.answer(selected.id, note)} />
        )}
      </div>
    </div>
  );
}

interface DetailProps {
  item: InboxItemView;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onAnswer: (note: string) => Promise<{ ok: true } | { ok: false; error: { code: ConsoleErrorCode } }>;
}

function InboxItemDetail({ item, headingRef, onAnswer }: DetailProps) {
  const { strings, language, locale } = useLanguage();
  const name = visitorNameOf(item, strings);
  return (
    <section className="conversation" aria-labelledby="inbox-item-heading">
      <h2 id="inbox-item-heading" ref={headingRef} tabIndex={-1}>
        <NameInSentence sentence={strings.messageFrom} name={name} />
      </h2>
      <dl className="facts">
        <Fact term={strings.reference}>{item.reference}</Fact>
        <Fact term={strings.receivedAt}>
          <time dateTime={item.createdAt}>{formatDateTime(item.createdAt, locale)}</time>
        </Fact>
        <Fact term={strings.topic}>{item.topicLabel[language]}</Fact>
        <Fact term={strings.language}>{strings.languageNames[item.language]}</Fact>
        {item.email !== null && (
          <Fact term={strings.emailTerm}>
            <a href={`mailto:${item.email}`}>
              <bdi>{item.email}</bdi>
            </a>
          </Fact>
        )}
        {item.phone !== null && (
          <Fact term={strings.phoneTerm}>
            <a href={`tel:${item.phone.replace(/[^\d+]/g, '')}`}>
              <bdi>{item.phone}</bdi>
            </a>
          </Fact>
        )}
        <Fact term={strings.page} valueClassName="page-ref">
          <bdi>{item.pageUrl}</bdi>
        </Fact>
      </dl>
      {item.email === null && item.phone === null && <p className="muted">{strings.noReplyDetails}</p>}
      <p className="message-text left-message" dir="auto">
        {item.text}
      </p>
      {/* Always present, so that marking it answered is announced. */}
      <div role="status">
        {item.status === 'answered' && (
          <>
            <p>
              <NameInSentence
                sentence={(who) => strings.answeredBy(who, item.answeredAt === null ? '' : formatDateTime(item.answeredAt, locale))}
                name={item.answeredByName ?? strings.agent}
              />
            </p>
            <p className="message-text" dir="auto">
              {item.answerNote}
            </p>
          </>
        )}
      </div>
      {item.status === 'new' && <AnswerForm onAnswer={onAnswer} onDone={() => headingRef.current?.focus()} />}
    </section>
  );
}

function AnswerForm({ onAnswer, onDone }: { onAnswer: DetailProps['onAnswer']; onDone: () => void }) {
  const { strings } = useLanguage();
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConsoleErrorCode | null>(null);
  const tooLong = messageLength(normalizeMessageText(note)) > MESSAGE_TEXT_MAX;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (isBlankMessage(note) || tooLong) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    const result = await onAnswer(normalizeMessageText(note));
    setBusy(false);
    if (result.ok) onDone();
    else setError(result.error.code);
  };

  const describedBy = ['answer-note-hint', missing ? 'answer-note-error' : null].filter(Boolean).join(' ');
  return (
    <form className="composer answer-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor="answer-note">{strings.answerNoteLabel}</label>
      <textarea
        id="answer-note"
        rows={3}
        value={note}
        aria-invalid={missing}
        aria-describedby={describedBy}
        onChange={(event) => {
          setNote(event.currentTarget.value);
          setMissing(false);
        }}
      />
      <p id="answer-note-hint" className="hint">
        {strings.answerNoteHint}
      </p>
      {missing && (
        <p id="answer-note-error" className="error-text">
          {tooLong ? strings.tooLong(messageLength(normalizeMessageText(note)) - MESSAGE_TEXT_MAX) : strings.answerNoteMissing}
        </p>
      )}
      {error !== null && (
        <p role="alert" className="error-text">
          {strings.answerError(errorText(strings, error, strings.answerErrors))}
        </p>
      )}
      <div className="composer-footer">
        <button type="submit" className="button-primary" aria-disabled={busy}>
          {busy ? strings.markingAnswered : strings.markAnswered}
        </button>
      </div>
    </form>
  );
}
