/**
 * The Persona page (issue #10), for managers: pick a site, start from a preset, adjust the name,
 * avatar, greeting, sign-off, tone notes, colours, font, launcher and every automated message in
 * both languages, and save. Failing colour pairs (with their ratio) and template problems show
 * beside their fields as they are typed, from the same rules the server applies again on save
 * (protocol/persona-rules.ts). A live preview draws the widget in each state and language from the
 * same values (PersonaPreview.tsx).
 */
import { useEffect, useId, useState, type FormEvent, type RefObject } from 'react';
import type { SiteAdminView } from '../../../protocol/admin.js';
import type { PersonaFieldsInput, PersonaPreset, PersonaView } from '../../../protocol/persona.js';
import {
  colourProblems,
  HEX_COLOUR,
  isSafeFontStack,
  PERSONA_COLOUR_KEYS,
  PERSONA_MESSAGES,
  TEMPLATE_PLACEHOLDERS,
  templateProblems,
  type PersonaColours,
  type PersonaMessage,
} from '../../../protocol/persona-rules.js';
import type { ConsoleErrorCode } from '../console-types.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';
import type { PersonaClient } from '../persona-client.js';
import { PERSONA_WORDS } from '../persona-words.js';
import { PersonaPreview } from './PersonaPreview.js';

interface Props {
  personas: PersonaClient;
  headingRef: RefObject<HTMLHeadingElement | null>;
}

type Draft = PersonaFieldsInput & { colours: PersonaColours };

function draftOf(persona: PersonaView): Draft {
  const { siteId: _siteId, version: _version, updatedAt: _updatedAt, updatedBy: _updatedBy, ...fields } = structuredClone(persona);
  return fields;
}

export function PersonaPage({ personas, headingRef }: Props) {
  const { strings, language } = useLanguage();
  const words = PERSONA_WORDS[language];
  const id = useId();
  const [sites, setSites] = useState<SiteAdminView[] | null>(null);
  const [siteId, setSiteId] = useState('');
  const [saved, setSaved] = useState<PersonaView | null>(null);
  const [presets, setPresets] = useState<PersonaPreset[]>([]);
  const [presetId, setPresetId] = useState('neutral');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [status, setStatus] = useState('');
  const [alert, setAlert] = useState('');
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState<ConsoleErrorCode | null>(null);

  useEffect(() => {
    void personas.sites().then((result) => {
      if (!result.ok) return setLoadError(result.error.code);
      setSites(result.sites);
      if (result.sites[0] !== undefined) setSiteId(result.sites[0].id);
    });
  }, [personas]);

  useEffect(() => {
    if (siteId === '') return;
    setDraft(null);
    void personas.get(siteId).then((result) => {
      if (!result.ok) return setLoadError(result.error.code);
      setSaved(result.persona);
      setPresets(result.presets);
      setDraft(draftOf(result.persona));
    });
  }, [personas, siteId]);

  const change = (update: (next: Draft) => void) => {
    if (draft === null) return;
    const next = structuredClone(draft);
    update(next);
    setDraft(next);
    setStatus('');
  };

  // The same checks the server makes on save, shown as they are typed.
  const badColours = draft === null ? [] : PERSONA_COLOUR_KEYS.filter((key) => !HEX_COLOUR.test(draft.colours[key]));
  const contrast = draft === null || badColours.length > 0 ? [] : colourProblems(draft.colours);
  const templates = draft === null ? [] : templateProblems(draft.templates as never);
  const fontBad = draft !== null && !isSafeFontStack(draft.fontStack);
  const problemCount = badColours.length + contrast.length + templates.length + (fontBad ? 1 : 0);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (draft === null || saved === null || busy) return;
    if (problemCount > 0) {
      setAlert(words.fixFirst(problemCount));
      return;
    }
    setBusy(true);
    setAlert('');
    const result = await personas.save(siteId, saved.version, draft);
    setBusy(false);
    if (!result.ok) {
      setAlert(words.refused(result.error.code === 'invalid_payload' ? result.error.message : errorText(strings, result.error.code)));
      return;
    }
    setSaved(result.persona);
    setDraft(draftOf(result.persona));
    setStatus(words.saved(result.persona.version));
  };

  const onUpload = async (file: File | undefined) => {
    if (file === undefined) return;
    setStatus(words.uploading);
    const result = await personas.uploadAvatar(siteId, file);
    if (!result.ok) {
      setStatus('');
      setAlert(words.refused(result.message || errorText(strings, result.code)));
      return;
    }
    setAlert('');
    change((next) => void (next.avatar = { kind: 'image', imageHash: result.imageHash }));
    setStatus(words.uploaded);
  };

  const field = (name: string) => `${id}-${name}`;
  const text = (name: string, label: string, value: string, set: (next: Draft, value: string) => void, options: { area?: boolean; hint?: string; max?: number } = {}) => (
    <div className="persona-field">
      <label htmlFor={field(name)}>{label}</label>
      {options.hint !== undefined && (
        <p className="muted" id={field(`${name}-hint`)}>
          {options.hint}
        </p>
      )}
      {options.area ? (
        <textarea id={field(name)} value={value} maxLength={options.max} rows={2} onChange={(event) => change((next) => set(next, event.target.value))} />
      ) : (
        <input
          id={field(name)}
          type="text"
          value={value}
          maxLength={options.max}
          aria-describedby={options.hint !== undefined ? field(`${name}-hint`) : undefined}
          onChange={(event) => change((next) => set(next, event.target.value))}
        />
      )}
    </div>
  );

  return (
    <div className="page persona-page">
      <h1 ref={headingRef} tabIndex={-1}>
        {strings.pages.persona.heading}
      </h1>
      {loadError !== null && <p role="alert">{errorText(strings, loadError)}</p>}
      {sites === null ? (
        <p role="status">{words.loading}</p>
      ) : (
        <div className="persona-site">
          <label htmlFor={field('site')}>{words.site}</label>
          <select id={field('site')} value={siteId} onChange={(event) => setSiteId(event.target.value)}>
            {sites.map((site) => (
              <option key={site.id} value={site.id}>
                {site.name[language]} ({site.id})
              </option>
            ))}
          </select>
        </div>
      )}
      {draft !== null && (
        <div className="persona-layout">
          <form className="persona-form" onSubmit={onSubmit} noValidate>
            <div className="persona-field persona-preset">
              <label htmlFor={field('preset')}>{words.preset}</label>
              <select id={field('preset')} value={presetId} onChange={(event) => setPresetId(event.target.value)}>
                {presets.map((preset) => (
                  <option key={preset.id} value={preset.id}>
                    {preset.label[language]}
                  </option>
                ))}
              </select>
              <button
                type="button"
                onClick={() => {
                  const preset = presets.find((candidate) => candidate.id === presetId);
                  if (preset === undefined) return;
                  change((next) => {
                    next.colours = { ...preset.colours };
                    next.fontStack = preset.fontStack;
                  });
                  setStatus(words.presetApplied(preset.label[language]));
                }}
              >
                {words.applyPreset}
              </button>
            </div>

            <fieldset>
              <legend>{words.identity}</legend>
              {text('name-en', words.nameEn, draft.name.en, (next, value) => void (next.name.en = value), { hint: words.nameHint, max: 60 })}
              {text('name-fr', words.nameFr, draft.name.fr, (next, value) => void (next.name.fr = value), { max: 60 })}
              {draft.avatar.kind === 'initials' ? (
                text('initials', words.initials, draft.avatar.initials, (next, value) => void (next.avatar = { kind: 'initials', initials: value }), { max: 3 })
              ) : (
                <button type="button" onClick={() => change((next) => void (next.avatar = { kind: 'initials', initials: '' }))}>
                  {words.removeImage}
                </button>
              )}
              <div className="persona-field">
                <label htmlFor={field('avatar')}>{words.avatarImage}</label>
                <input id={field('avatar')} type="file" accept="image/png,image/jpeg,image/webp" onChange={(event) => void onUpload(event.target.files?.[0])} />
              </div>
            </fieldset>

            <fieldset>
              <legend>{words.texts}</legend>
              {text('greeting-en', words.greetingEn, draft.greeting.en, (next, value) => void (next.greeting.en = value), { area: true, max: 500 })}
              {text('greeting-fr', words.greetingFr, draft.greeting.fr, (next, value) => void (next.greeting.fr = value), { area: true, max: 500 })}
              {text('signoff-en', words.signOffEn, draft.signOff.en, (next, value) => void (next.signOff.en = value), { area: true, max: 500 })}
              {text('signoff-fr', words.signOffFr, draft.signOff.fr, (next, value) => void (next.signOff.fr = value), { area: true, max: 500 })}
              {text('tone', words.toneNotes, draft.toneNotes, (next, value) => void (next.toneNotes = value), { area: true, max: 1000 })}
            </fieldset>

            <fieldset aria-describedby={field('colour-hint')}>
              <legend>{words.look}</legend>
              <p className="muted" id={field('colour-hint')}>
                {words.colourHint}
              </p>
              {PERSONA_COLOUR_KEYS.map((key) => (
                <div className="persona-field persona-colour" key={key}>
                  <label htmlFor={field(`colour-${key}`)}>{words.colours[key]}</label>
                  <span className="persona-swatch" aria-hidden="true" ref={(element) => void element?.style.setProperty('background', HEX_COLOUR.test(draft.colours[key]) ? draft.colours[key] : 'transparent')} />
                  <input
                    id={field(`colour-${key}`)}
                    type="text"
                    value={draft.colours[key]}
                    maxLength={7}
                    spellCheck={false}
                    aria-invalid={badColours.includes(key) || undefined}
                    aria-describedby={badColours.includes(key) ? field(`colour-${key}-error`) : undefined}
                    onChange={(event) => change((next) => void (next.colours[key] = event.target.value.trim()))}
                  />
                  {badColours.includes(key) && (
                    <p className="error-text" id={field(`colour-${key}-error`)}>
                      {words.notAColour}
                    </p>
                  )}
                </div>
              ))}
              {contrast.length > 0 && (
                <ul className="error-text persona-contrast" id={field('contrast')}>
                  {contrast.map((problem) => (
                    <li key={problem.pair}>{words.contrastProblem(words.pairs[problem.pair] ?? problem.pair, problem.ratio.toFixed(2), problem.minimum)}</li>
                  ))}
                </ul>
              )}
              <div className="persona-field">
                <label htmlFor={field('font')}>{words.fontStack}</label>
                <p className="muted" id={field('font-hint')}>
                  {words.fontHint}
                </p>
                <input
                  id={field('font')}
                  type="text"
                  value={draft.fontStack}
                  maxLength={200}
                  aria-invalid={fontBad || undefined}
                  aria-describedby={fontBad ? `${field('font-hint')} ${field('font-error')}` : field('font-hint')}
                  onChange={(event) => change((next) => void (next.fontStack = event.target.value))}
                />
                {fontBad && (
                  <p className="error-text" id={field('font-error')}>
                    {words.fontProblem}
                  </p>
                )}
              </div>
              {text('launcher-en', words.launcherEn, draft.launcherLabel.en, (next, value) => void (next.launcherLabel.en = value), { max: 40 })}
              {text('launcher-fr', words.launcherFr, draft.launcherLabel.fr, (next, value) => void (next.launcherLabel.fr = value), { max: 40 })}
              <fieldset>
                <legend>{words.corner}</legend>
                {(['bottom-right', 'bottom-left'] as const).map((corner) => (
                  <label className="choice" key={corner}>
                    <input type="radio" name={field('corner')} checked={draft.corner === corner} onChange={() => change((next) => void (next.corner = corner))} />
                    {words.corners[corner]}
                  </label>
                ))}
              </fieldset>
            </fieldset>

            <fieldset>
              <legend>{words.templates}</legend>
              {PERSONA_MESSAGES.map((message) => (
                <TemplateFields
                  key={message}
                  message={message}
                  draft={draft}
                  idOf={field}
                  problems={templates.filter((problem) => problem.message === message)}
                  onChange={(languageOf, value) => change((next) => void (next.templates[message][languageOf] = value))}
                />
              ))}
            </fieldset>

            <p role="alert" className="error-text">
              {alert}
            </p>
            <p role="status">{status}</p>
            <button type="submit" className="primary" aria-disabled={busy || undefined}>
              {busy ? words.saving : words.save}
            </button>
          </form>
          <PersonaPreview draft={draft} siteId={siteId} />
        </div>
      )}
    </div>
  );
}

function TemplateFields(props: {
  message: PersonaMessage;
  draft: Draft;
  idOf: (name: string) => string;
  problems: ReturnType<typeof templateProblems>;
  onChange: (language: 'en' | 'fr', value: string) => void;
}) {
  const { message, draft, idOf, problems, onChange } = props;
  const { language } = useLanguage();
  const words = PERSONA_WORDS[language];
  const { required, optional } = TEMPLATE_PLACEHOLDERS[message];
  const names = (list: readonly string[]) => list.map((name) => `{${name}}`).join(', ');
  const hint = [required.length > 0 ? words.required(names(required)) : '', words.allowed(names([...required, ...optional]))].filter(Boolean).join(' · ');
  return (
    <fieldset className="persona-template" aria-describedby={idOf(`template-${message}-hint`)}>
      <legend>{words.messages[message]}</legend>
      <p className="muted" id={idOf(`template-${message}-hint`)}>
        {hint}
      </p>
      {(['en', 'fr'] as const).map((languageOf) => {
        const mine = problems.filter((problem) => problem.language === languageOf);
        const inputId = idOf(`template-${message}-${languageOf}`);
        return (
          <div className="persona-field" key={languageOf}>
            <label htmlFor={inputId}>{words.languageNames[languageOf]}</label>
            <textarea
              id={inputId}
              rows={2}
              maxLength={300}
              lang={languageOf}
              value={draft.templates[message][languageOf]}
              aria-invalid={mine.length > 0 || undefined}
              aria-describedby={mine.length > 0 ? `${inputId}-error` : undefined}
              onChange={(event) => onChange(languageOf, event.target.value)}
            />
            {mine.length > 0 && (
              <p className="error-text" id={`${inputId}-error`}>
                {mine.map((problem) => words.templateProblem(problem, words.languageNames[languageOf])).join(' ')}
              </p>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
