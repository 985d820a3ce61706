/** One queue's capacity guard in a line: open, or showing "busy" since when and why, with what it measured. */
import type { GuardView } from '../../../protocol/rollout-offer.js';
import { formatDateTime } from '../format.js';
import { useLanguage } from '../language.js';

export function GuardLine({ view }: { view: GuardView }) {
  const { strings, locale } = useLanguage();
  const words = strings.rollout;
  const measures = words.guardMeasures(view.waitMinutes === null ? words.unknownWait : words.minutes(Math.round(view.waitMinutes)), view.waiting, view.availableAgents);
  if (!view.closed) return <>{`${words.guardQueueOpen(view.queueId)} (${measures})`}</>;
  const why = view.reason === null ? '' : words.preview.guardReasons[view.reason];
  const since = view.since === null ? '' : formatDateTime(view.since, locale);
  return <>{`${words.guardQueueClosed(view.queueId, why, since)} (${measures})`}</>;
}
