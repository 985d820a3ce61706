/** The agent's availability, as a radio group; the server's answer (or its refusal) is what shows. */
import { useState } from 'react';
import type { AgentStatus } from '../../../protocol/models.js';
import type { ConsoleErrorCode, SelectableStatus } from '../console-types.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';

interface Props {
  status: AgentStatus;
  onChange: (status: SelectableStatus) => Promise<ConsoleErrorCode | null>;
}

const CHOICES: readonly SelectableStatus[] = ['available', 'away'];

export function StatusPicker({ status, onChange }: Props) {
  const { strings } = useLanguage();
  const [pending, setPending] = useState<SelectableStatus | null>(null);
  const [error, setError] = useState<ConsoleErrorCode | null>(null);

  const choose = async (next: SelectableStatus) => {
    setPending(next);
    setError(null);
    setError(await onChange(next));
    setPending(null);
  };

  const shown = pending ?? status;
  return (
    <fieldset className="status-picker">
      <legend>{strings.statusLegend}</legend>
      <div className="status-choices">
        {CHOICES.map((choice) => (
          <label key={choice} className={`status-choice status-${choice}`}>
            <input
              type="radio"
              name="agent-status"
              value={choice}
              checked={shown === choice}
              onChange={() => void choose(choice)}
            />
            {strings.statuses[choice]}
          </label>
        ))}
      </div>
      {error !== null && (
        <p role="alert" className="error-text">
          {strings.statusError(errorText(strings, error))}
        </p>
      )}
    </fieldset>
  );
}
