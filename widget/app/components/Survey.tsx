/**
 * The survey after the chat: satisfaction (five points) and how the citizen would have reached
 * the service without chat. Optional: either question may be left, or the whole survey skipped
 * (nothing is sent then). Answered once; the server refuses a second answer.
 */
import { useState } from 'preact/hooks';
import type { Language } from '../../../protocol/languages.js';
import { CHANNEL_ALTERNATIVES, SATISFACTION_SCORES, type ChannelAlternative, type SatisfactionScore } from '../../../protocol/survey.js';
import type { PartStrings } from '../../i18n/chat-later.js';
import { ERROR_STRINGS } from '../catalogue.js';
import type { ChatClient } from '../chat-client.js';

export interface SurveyProps {
  client: ChatClient;
  t: PartStrings;
  language: Language;
  onSkip(): void;
}

export function Survey({ client, t, language, onSkip }: SurveyProps) {
  const [satisfaction, setSatisfaction] = useState<SatisfactionScore | null>(null);
  const [alternative, setAlternative] = useState<ChannelAlternative | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const send = async (event: Event) => {
    event.preventDefault();
    if (satisfaction === null && alternative === null) return setProblem(t.surveyEmpty);
    const code = await client.answerSurvey({ satisfaction, alternative });
    setProblem(code === null ? null : (ERROR_STRINGS[language][code] ?? ERROR_STRINGS[language].fallback));
  };
  return (
    <form class="survey" onSubmit={send} aria-labelledby="survey-heading" noValidate>
      <h3 id="survey-heading">{t.surveyHeading}</h3>
      <p class="hint">{t.surveyIntro}</p>
      <fieldset class="field">
        <legend>{t.satisfactionQuestion}</legend>
        {SATISFACTION_SCORES.map((score) => (
          <label class="choice" key={score}>
            <input type="radio" name="satisfaction" checked={satisfaction === score} onChange={() => setSatisfaction(score)} />
            {t[`satisfaction${score}`]}
          </label>
        ))}
      </fieldset>
      <fieldset class="field">
        <legend>{t.alternativeQuestion}</legend>
        {CHANNEL_ALTERNATIVES.map((choice) => (
          <label class="choice" key={choice}>
            <input type="radio" name="alternative" checked={alternative === choice} onChange={() => setAlternative(choice)} />
            {t[`alternative_${choice}`]}
          </label>
        ))}
      </fieldset>
      <p class="error" role="alert">
        {problem}
      </p>
      <div class="end">
        <button type="submit" class="primary">
          {t.surveySend}
        </button>
        <button type="button" class="secondary" onClick={onSkip}>
          {t.surveySkip}
        </button>
      </div>
    </form>
  );
}
