/**
 * The active offer (README.md, "Embed the widget"): on a page in neither official language, the
 * chat opens with a greeting in both, English first, and a choice of language before anything
 * else; each part is marked with its language so that a screen reader speaks it in that language.
 */
import { LANGUAGES, type Language } from '../../../protocol/languages.js';
import type { ChatStrings } from '../../i18n/chat-strings.js';

/** Each language's words for `text`, side by side, English first, each in its own language. */
export function InBoth({ strings, text }: { strings: Record<Language, ChatStrings>; text: keyof ChatStrings }) {
  return (
    <>
      <span lang="en">{strings.en[text]}</span> <span lang="fr">{strings.fr[text]}</span>
    </>
  );
}

export function LanguageChoice({ strings, onChoose }: { strings: Record<Language, ChatStrings>; onChoose: (language: Language) => void }) {
  return (
    <div class="language-choice" role="group" aria-labelledby="language-choice-hello">
      <p class="greeting" id="language-choice-hello">
        <InBoth strings={strings} text="hello" />
      </p>
      <p>
        <InBoth strings={strings} text="chooseLanguage" />
      </p>
      {LANGUAGES.map((code, index) => (
        <button key={code} type="button" class="primary" lang={code} data-autofocus={index === 0 ? true : undefined} onClick={() => onChoose(code)}>
          {strings[code].continueIn}
        </button>
      ))}
    </div>
  );
}
