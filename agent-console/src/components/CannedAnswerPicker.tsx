/**
 * Canned answers, picked from the keyboard: a button (or "/" in an empty message) opens a search
 * field that filters a list as the agent types (the ARIA combobox pattern: focus stays in the field,
 * Up and Down move through the list, Enter picks, Escape closes). The answer goes into the
 * composer in the chat's language, not sent: the agent reads it and sends it themselves.
 */
import { useEffect, useId, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import type { CannedAnswer } from '../../../protocol/agent-tools.js';
import type { Language } from '../../../protocol/languages.js';
import { matchCannedAnswers } from '../canned-answers.js';
import { useLanguage } from '../language.js';

interface Props {
  answers: readonly CannedAnswer[];
  chatLanguage: Language;
  open: boolean;
  disabled: boolean;
  onOpen: () => void;
  /** `returnFocus`: Escape or the button closed it, so focus goes back where it came from. */
  onClose: (returnFocus: boolean) => void;
  /** The answer's text in the chat's language. */
  onPick: (text: string) => void;
}

export function CannedAnswerPicker({ answers, chatLanguage, open, disabled, onOpen, onClose, onPick }: Props) {
  const { strings, language } = useLanguage();
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const fieldRef = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => matchCannedAnswers(answers, query, language, chatLanguage), [answers, query, language, chatLanguage]);

  useEffect(() => {
    if (!open) return;
    setQuery('');
    setActive(0);
    fieldRef.current?.focus();
  }, [open]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = matches.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (count > 0) setActive((current) => (current + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const answer = matches[Math.min(active, count - 1)];
      if (answer !== undefined) onPick(answer.text[chatLanguage]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose(true);
    }
  };

  // Leaving the picker (Tab, a click elsewhere) closes it; focus goes where the agent sent it.
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (open && !event.currentTarget.contains(event.relatedTarget)) onClose(false);
  };

  const listId = `${id}-list`;
  const optionId = (index: number) => `${id}-option-${index}`;
  const expanded = matches.length > 0;
  return (
    <div className="canned" onBlur={onBlur}>
      <button
        type="button"
        className="button-quiet"
        aria-expanded={open}
        aria-controls={open ? `${id}-popup` : undefined}
        disabled={disabled}
        onClick={() => (open ? onClose(true) : onOpen())}
      >
        {strings.cannedAnswers}
      </button>
      {open && (
        <div className="canned-popup" id={`${id}-popup`}>
          <label htmlFor={`${id}-search`}>{strings.cannedSearch}</label>
          <input
            id={`${id}-search`}
            ref={fieldRef}
            type="text"
            role="combobox"
            autoComplete="off"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={expanded ? listId : undefined}
            aria-activedescendant={expanded ? optionId(Math.min(active, matches.length - 1)) : undefined}
            aria-describedby={`${id}-hint`}
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setActive(0);
            }}
            onKeyDown={onKeyDown}
          />
          <p id={`${id}-hint`} className="hint">
            {strings.cannedHint}
          </p>
          {expanded ? (
            <ul role="listbox" id={listId} aria-label={strings.cannedAnswers} className="canned-list">
              {matches.map((answer, index) => (
                <li
                  key={answer.id}
                  id={optionId(index)}
                  role="option"
                  aria-selected={index === Math.min(active, matches.length - 1)}
                  className="canned-option"
                  // Keeps the focus in the search field, where the keyboard works.
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => onPick(answer.text[chatLanguage])}
                >
                  <span className="canned-title">{answer.title[language]}</span>
                  <span className="canned-text" lang={chatLanguage}>
                    {answer.text[chatLanguage]}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p role="status" className="muted">
              {strings.cannedNone}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
