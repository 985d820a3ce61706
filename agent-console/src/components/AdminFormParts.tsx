/**
 * What the Sites and Queues forms share: each field's problems shown under it and tied to it
 * (`aria-describedby`, `aria-invalid`), and the id (on creation only: snippets and topics carry it)
 * and bilingual name fields that open both forms.
 */
import type { ReactNode } from 'react';
import type { Bilingual } from '../../../protocol/languages.js';
import { LANGUAGES } from '../../../protocol/languages.js';
import { SITE_NAME_MAX } from '../../../protocol/limits.js';

/** Ties each field of a form (ids built from `id`) to its hint and its problems. */
export interface FieldAids<Field extends string> {
  describedBy: (field: Field, hint: boolean) => string | undefined;
  problem: (field: Field) => ReactNode;
  invalid: (field: Field) => boolean;
}

export function fieldAids<Field extends string>(id: string, problems: Partial<Record<Field, ReactNode[]>>): FieldAids<Field> {
  return {
    describedBy: (field, hint) => [hint ? `${id}-${field}-hint` : null, problems[field] === undefined ? null : `${id}-${field}-problem`].filter(Boolean).join(' ') || undefined,
    problem: (field) =>
      problems[field] === undefined ? null : (
        <ul id={`${id}-${field}-problem`} className="error-text problem-list">
          {problems[field].map((text, index) => (
            <li key={index}>{text}</li>
          ))}
        </ul>
      ),
    invalid: (field) => problems[field] !== undefined,
  };
}

interface IdAndNameWords {
  idLabel: string;
  idHint: string;
  nameLegend: string;
  inEnglish: string;
  inFrench: string;
}

/** The id (only while creating) and the name in both languages. */
export function IdAndNameFields({
  id,
  creating,
  words,
  value,
  aids,
  onChange,
}: {
  id: string;
  creating: boolean;
  words: IdAndNameWords;
  value: { id: string; name: Bilingual };
  aids: FieldAids<'id' | 'name'>;
  onChange: (change: { id?: string; name?: Bilingual }) => void;
}) {
  const { describedBy, problem, invalid } = aids;
  return (
    <>
      {creating && (
        <div className="field">
          <label htmlFor={`${id}-id`}>{words.idLabel}</label>
          <p id={`${id}-id-hint`} className="hint">
            {words.idHint}
          </p>
          <input
            id={`${id}-id`}
            type="text"
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            value={value.id}
            aria-invalid={invalid('id')}
            aria-describedby={describedBy('id', true)}
            onChange={(event) => onChange({ id: event.target.value })}
          />
          {problem('id')}
        </div>
      )}
      <fieldset aria-describedby={describedBy('name', false)}>
        <legend>{words.nameLegend}</legend>
        <div className="field-row">
          {LANGUAGES.map((code, index) => (
            <div className="field" key={code}>
              <label htmlFor={index === 0 ? `${id}-name` : `${id}-name-${code}`}>{code === 'en' ? words.inEnglish : words.inFrench}</label>
              <input
                id={index === 0 ? `${id}-name` : `${id}-name-${code}`}
                type="text"
                lang={code}
                maxLength={SITE_NAME_MAX}
                value={value.name[code]}
                aria-invalid={invalid('name')}
                onChange={(event) => onChange({ name: { ...value.name, [code]: event.target.value } })}
              />
            </div>
          ))}
        </div>
        {problem('name')}
      </fieldset>
    </>
  );
}
