/**
 * The agent's availability, as a radio group, and while away, why (a short list, optional); the
 * server's answer (or its refusal) is what shows.
 */
import { useId, useState } from 'react';
import type { AgentStatus, AwayReason } from '../../../protocol/models.js';
import type { ConsoleErrorCode, SelectableStatus } from '../console-types.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';

interface Props {
  status: AgentStatus;
  awayReason: AwayReason | null;
  onChange: (status: SelectableStatus, reason?: AwayReason) => Promise<ConsoleErrorCode | null>;
}

const CHOICES: readonly SelectableStatus[] = ['available', 'away'];

export function StatusPicker({ status, awayReason, onChange }: Props) {
  const { strings } = useLanguage();
  const id = useId();
  const [pending, setPending] = useState<{ status: SelectableStatus; reason: AwayReason | null } | null>(null);
  const [error, setError] = useState<ConsoleErrorCode | null>(null);

  const choose = async (next: SelectableStatus, reason: AwayReason | null = null) => {
    setPending({ status: next, reason });
    setError(null);
    setError(await onChange(next, reason ?? undefined));
    setPending(null);
  };

  const shown = pending ?? { status, reason: awayReason };
  const reasons = Object.keys(strings.awayReasons) as AwayReason[];
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
              checked={shown.status === choice}
              onChange={() => void choose(choice)}
            />
            {strings.statuses[choice]}
          </label>
        ))}
      </div>
      {shown.status === 'away' && (
        <div className="away-reason">
          <label htmlFor={`${id}-reason`}>{strings.awayReasonLabel}</label>
          <select
            id={`${id}-reason`}
            value={shown.reason ?? ''}
            onChange={(event) => void choose('away', event.target.value === '' ? null : (event.target.value as AwayReason))}
          >
            <option value="">{strings.awayReasonNone}</option>
            {reasons.map((reason) => (
              <option key={reason} value={reason}>
                {strings.awayReasons[reason]}
              </option>
            ))}
          </select>
        </div>
      )}
      {error !== null && (
        <p role="alert" className="error-text">
          {strings.statusError(errorText(strings, error))}
        </p>
      )}
    </fieldset>
  );
}
