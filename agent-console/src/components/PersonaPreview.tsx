/**
 * The Persona page's live preview (issue #10): the widget drawn from the draft as it is typed, in
 * the state and language the manager picks: the closed launcher, before the chat, waiting, in a
 * chat, ended, closed hours and busy. The same custom properties the chat app sets
 * (widget/app/persona.ts) carry the colours and font, only from values that pass the same checks;
 * the texts are the persona's templates filled with sample values. A picture of the widget, not a
 * working one: nothing in it is a control.
 */
import { useId, useState } from 'react';
import type { Language } from '../../../protocol/languages.js';
import type { PersonaFieldsInput } from '../../../protocol/persona.js';
import { fillTemplate, HEX_COLOUR, isSafeFontStack, type PersonaColours } from '../../../protocol/persona-rules.js';
import { useLanguage } from '../language.js';
import { PERSONA_WORDS, PREVIEW_STATES, type PreviewState } from '../persona-words.js';

const PROPERTIES: Record<string, keyof PersonaColours> = {
  '--pp-brand': 'brand',
  '--pp-brand-text': 'brandText',
  '--pp-bg': 'background',
  '--pp-text': 'text',
  '--pp-focus': 'focus',
  '--pp-agent-bg': 'agentBubble',
  '--pp-visitor-bg': 'citizenBubble',
};

export function PersonaPreview({ draft, siteId }: { draft: PersonaFieldsInput & { colours: PersonaColours }; siteId: string }) {
  const { language } = useLanguage();
  const words = PERSONA_WORDS[language];
  const id = useId();
  const [state, setState] = useState<PreviewState>('prechat');
  const [shown, setShown] = useState<Language>(language);
  const sample = words.sample;
  const name = draft.name[shown] || sample.title[shown];
  const say = (template: string, values: Record<string, string | number> = {}) => fillTemplate(template, { persona: name, agent: sample.agent, ...values });
  const t = (message: keyof typeof draft.templates, values?: Record<string, string | number>) => say(draft.templates[message][shown], values);

  // Custom properties through the CSSOM (allowed by the console's CSP), only from checked values.
  const look = (element: HTMLDivElement | null) => {
    if (element === null) return;
    for (const [property, key] of Object.entries(PROPERTIES)) {
      if (HEX_COLOUR.test(draft.colours[key])) element.style.setProperty(property, draft.colours[key]);
    }
    if (isSafeFontStack(draft.fontStack)) element.style.setProperty('--pp-font', draft.fontStack);
  };

  const avatar =
    draft.avatar.kind === 'image' ? (
      <img className="pp-avatar" src={`/chat/avatar/${siteId}/${draft.avatar.imageHash}`} alt="" width={32} height={32} />
    ) : draft.avatar.initials ? (
      <span className="pp-avatar" aria-hidden="true">
        {draft.avatar.initials}
      </span>
    ) : null;

  const bubble = (from: 'agent' | 'visitor', author: string, text: string) => (
    <div className={`pp-message pp-from-${from}`}>
      <span className="pp-author">{author}</span> {text}
    </div>
  );

  const body = (): React.ReactNode => {
    switch (state) {
      case 'prechat':
        return (
          <>
            {draft.greeting[shown] && <p>{say(draft.greeting[shown])}</p>}
            <span className="pp-button">{sample.start[shown]}</span>
          </>
        );
      case 'queued':
        return (
          <>
            {t('welcome') && <p>{t('welcome')}</p>}
            <p className="pp-status">{t('position', { position: 3 })}</p>
            <p>{t('wait', { wait: sample.wait[shown] })}</p>
            <p>{t('queued')}</p>
          </>
        );
      case 'active':
        return (
          <>
            <p className="pp-status">{t('agentJoined')}</p>
            {bubble('visitor', sample.you[shown], sample.citizenMessage[shown])}
            {bubble('agent', sample.agent, sample.agentMessage[shown])}
            <p className="pp-note">{t('idleWarning', { when: sample.when[shown] })}</p>
            <span className="pp-button">{sample.send[shown]}</span>
          </>
        );
      case 'ended':
        return (
          <>
            <p className="pp-status">{t('closing')}</p>
            {draft.signOff[shown] && <p>{say(draft.signOff[shown])}</p>}
          </>
        );
      case 'closed':
        return <p className="pp-status">{t('closedHours')}</p>;
      case 'busy':
        return <p className="pp-status">{t('busy')}</p>;
      case 'launcher':
        return null;
    }
  };

  return (
    <section className="persona-preview" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{words.preview}</h2>
      <fieldset>
        <legend>{words.previewState}</legend>
        {PREVIEW_STATES.map((option) => (
          <label className="choice" key={option}>
            <input type="radio" name={`${id}-state`} checked={state === option} onChange={() => setState(option)} />
            {words.states[option]}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{words.previewLanguage}</legend>
        {(['en', 'fr'] as const).map((option) => (
          <label className="choice" key={option}>
            <input type="radio" name={`${id}-language`} checked={shown === option} onChange={() => setShown(option)} />
            {words.languageNames[option]}
          </label>
        ))}
      </fieldset>
      <div className="pp-stage" ref={look} lang={shown} data-state={state}>
        {state === 'launcher' ? (
          <div className={`pp-page pp-corner-${draft.corner}`}>
            <span className="pp-launcher">{draft.launcherLabel[shown]}</span>
          </div>
        ) : (
          <div className="pp-frame">
            <div className="pp-header">
              {avatar}
              <span className="pp-title">{name}</span>
            </div>
            <div className="pp-body">{body()}</div>
          </div>
        )}
      </div>
    </section>
  );
}
