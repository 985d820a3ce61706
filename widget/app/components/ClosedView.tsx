/**
 * What the citizen sees when chat cannot start: why (closed now, a holiday, past the last
 * admission, nobody for this language), when it opens again, the hours in the site's time zone,
 * the other ways to reach the service, self-service links, and a form to leave a message.
 */
import type { WidgetSiteResponse } from '../../../protocol/http.js';
import type { BusyInfo, ChatOffer } from '../../../protocol/rollout-offer.js';
import type { OtherWayKind, UnavailableReason } from '../../../protocol/hours.js';
import type { Language } from '../../../protocol/languages.js';
import type { ChatStrings } from '../../i18n/chat-strings.js';
import { withLater, type PartStrings } from '../../i18n/chat-later.js';
import { format } from '../../i18n/format.js';
import type { LeaveDetails, LeaveResult } from '../chat-client.js';
import { dateList, dayHours, dayName, openingText, zoneName } from '../hours-format.js';
import { LeaveMessageForm } from './LeaveMessageForm.js';
import { bandText } from './QueueStatus.js';
import './ClosedView.css';

export interface ClosedViewProps {
  t: ChatStrings;
  language: Language;
  site: WidgetSiteResponse;
  reason: UnavailableReason;
  /** The topic the citizen chose before finding nobody there, if any. */
  topicId: string | null;
  /** Back to the topics, when the citizen came from the start form. */
  onBack: (() => void) | null;
  onLeave(details: Omit<LeaveDetails, 'language' | 'pageUrl'>): Promise<LeaveResult>;
  /** The features offered to this visitor (soft launch); null: all (no offer could be read). */
  features: ChatOffer['features'] | null;
  /** While chat is busy: the wait a new chat would have. */
  busy: BusyInfo | null;
}

function reasonText(reason: UnavailableReason, topicChosen: boolean, t: PartStrings): string {
  switch (reason) {
    case 'outside_hours':
      return t.reasonOutsideHours;
    case 'holiday':
      return t.reasonHoliday;
    case 'after_last_admission':
      return t.reasonAfterLastAdmission;
    case 'nobody_available':
      return topicChosen ? t.reasonNobodyTopic : t.reasonNobody;
    case 'busy':
      return t.reasonBusy;
    case 'not_offered':
      return t.reasonNotOffered;
    default:
      return t.reasonDisabled;
  }
}

const WAY_LABEL: Record<OtherWayKind, keyof PartStrings> = {
  phone: 'wayPhone',
  tty: 'wayTty',
  in_person: 'wayInPerson',
  web_form: 'wayWebForm',
};

export function ClosedView({ t: pageStrings, language, site, reason, topicId, onBack, onLeave, features, busy }: ClosedViewProps) {
  const t = withLater(pageStrings, language);
  const hours = site.hours;
  const heading = reason === 'nobody_available' ? t.nobodyHeading : reason === 'busy' ? t.busyHeading : t.closedHeading;
  return (
    <div class="closed">
      <h2 tabIndex={-1} data-autofocus>
        {heading}
      </h2>
      <p>{reasonText(reason, topicId !== null, t)}</p>
      {reason === 'busy' && busy !== null && (
        <p>{busy.waitBand === 'no_agent' ? t.busyNoAgent : format(t.busyWait, { wait: bandText(busy.waitBand, t) })}</p>
      )}
      {(reason === 'outside_hours' || reason === 'holiday' || reason === 'after_last_admission' || reason === 'chat_disabled') && site.nextOpening !== null && hours !== null && (
        <p>{format(t.opensAgain, { when: openingText(site.nextOpening, hours.timeZone, language) })}</p>
      )}
      {onBack !== null && (
        <p>
          <button type="button" class="secondary" onClick={onBack}>
            {t.backToTopics}
          </button>
        </p>
      )}

      {hours !== null && (
        <section aria-labelledby="hours-heading">
          <h3 id="hours-heading">{format(t.hoursHeading, { zone: zoneName(hours.timeZone, language) })}</h3>
          <dl class="hours">
            {hours.days.map((day, index) => (
              <div key={day.day}>
                <dt>{dayName(index, language)}</dt>
                <dd>{dayHours(day.periods, language, t)}</dd>
              </div>
            ))}
          </dl>
          {hours.upcomingHolidays.length > 0 && <p>{format(t.closedOn, { dates: dateList(hours.upcomingHolidays, language) })}</p>}
          {hours.lastAdmissionMinutes > 0 && <p class="hint">{format(t.lastAdmission, { minutes: hours.lastAdmissionMinutes })}</p>}
        </section>
      )}

      {site.otherWays.length > 0 && (
        <section aria-labelledby="ways-heading">
          <h3 id="ways-heading">{t.otherWaysHeading}</h3>
          <dl class="ways">
            {site.otherWays.map((way) => (
              <div key={way.kind + way.text.en}>
                <dt>{t[WAY_LABEL[way.kind]]}</dt>
                <dd>{way.href === null ? way.text[language] : <a href={way.href[language]} target={way.kind === 'web_form' ? '_blank' : undefined} rel="noopener">{way.text[language]}{way.kind === 'web_form' && <span class="visually-hidden"> {t.opensInNewTab}</span>}</a>}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}

      {site.selfService.length > 0 && features?.self_service !== false && (
        <section aria-labelledby="self-service-heading">
          <h3 id="self-service-heading">{t.selfServiceHeading}</h3>
          <ul class="links">
            {site.selfService.map((link) => (
              <li key={link.url.en}>
                <a href={link.url[language]} target="_blank" rel="noopener">
                  {link.label[language]}
                  <span class="visually-hidden"> {t.opensInNewTab}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}

      {features?.leave_message !== false && <LeaveMessageForm t={t} language={language} site={site} topicId={topicId} onLeave={onLeave} />}
    </div>
  );
}
