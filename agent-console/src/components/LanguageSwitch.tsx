/** Switches the console between English and French; it names the other language in that language. */
import { useLanguage } from '../language.js';

export function LanguageSwitch() {
  const { strings, setLanguage } = useLanguage();
  return (
    <button type="button" className="button-quiet" lang={strings.otherLanguage} onClick={() => setLanguage(strings.otherLanguage)}>
      {strings.otherLanguageName}
    </button>
  );
}
