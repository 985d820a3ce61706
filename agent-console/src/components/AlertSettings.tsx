/**
 * How new chats get the agent's attention: the tone (on unless turned off, remembered), and
 * desktop notifications, asked for only when the agent presses the button (never on load).
 */
import type { NotificationAccess } from '../alerts.js';
import { useLanguage } from '../language.js';

interface Props {
  soundOn: boolean;
  onSoundChange: (on: boolean) => void;
  notifications: NotificationAccess;
  onAllowNotifications: () => void;
}

export function AlertSettings({ soundOn, onSoundChange, notifications, onAllowNotifications }: Props) {
  const { strings } = useLanguage();
  return (
    <fieldset className="alert-settings">
      <legend>{strings.alertsLegend}</legend>
      <label className="checkbox">
        <input type="checkbox" checked={soundOn} onChange={(event) => onSoundChange(event.target.checked)} />
        {strings.alertSound}
      </label>
      {notifications === 'default' && (
        <button type="button" className="button-quiet" onClick={onAllowNotifications}>
          {strings.allowNotifications}
        </button>
      )}
      {notifications === 'granted' && <span className="muted">{strings.notificationsOn}</span>}
      {notifications === 'denied' && <span className="muted">{strings.notificationsBlocked}</span>}
    </fieldset>
  );
}
