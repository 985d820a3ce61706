/**
 * The Reports page (issue #11, "Reports"), for supervisors and managers: filters (dates, site,
 * language, queue, grouping, the target time to answer), charts (volume, the wait distribution in
 * English and French, demand while closed), and every table with its CSV. Tables come from
 * protocol/report-tables.ts, as the CSV does, so a download is the table on screen. The server
 * bounds and checks everything again (`reports:summary`, `GET /api/reports/{table}.csv`).
 */
import { useEffect, useId, useRef, useState, useSyncExternalStore, type FormEvent, type RefObject } from 'react';
import { reportTables, type ReportCellValue, type ReportTable } from '../../../protocol/report-tables.js';
import type { ReportGrouping, ReportQuery, ReportSummary } from '../../../protocol/reports.js';
import { isKnownTimeZone } from '../../../protocol/time-zone-name.js';
import { errorText } from '../i18n.js';
import { useLanguage } from '../language.js';
import { reportCsvUrl, type ReportsClient } from '../reports-client.js';
import type { SupervisionClient } from '../supervision-client.js';
import { ReportChart } from './ReportChart.js';

interface Props {
  reports: ReportsClient;
  /** For the queues the console knows (the supervision view's). */
  supervision: SupervisionClient;
  headingRef: RefObject<HTMLHeadingElement | null>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** As protocol/reports.ts REPORT_RANGE_DAYS_MAX (the server checks again). */
const RANGE_DAYS_MAX = 93;
const GROUPINGS: readonly ReportGrouping[] = ['day', 'hour', 'hourOfDay', 'weekday', 'site', 'page', 'language', 'topic', 'queue', 'share'];

function localDate(daysAgo: number): string {
  const date = new Date(Date.now() - daysAgo * DAY_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The browser's time zone, in which days and hours are placed; UTC when it gives none the server knows. */
function browserTimeZone(): string {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return typeof zone === 'string' && isKnownTimeZone(zone) ? zone : 'UTC';
  } catch {
    return 'UTC';
  }
}

interface Form {
  from: string;
  to: string;
  siteId: string;
  language: '' | 'en' | 'fr';
  queueId: string;
  groupBy: ReportGrouping;
  targetSeconds: string;
}

type Words = ReturnType<typeof useLanguage>['strings']['reports'];

function queryOf(form: Form, words: Words): ReportQuery | string {
  if (form.from === '' || form.to === '') return words.datesMissing;
  const from = new Date(`${form.from}T00:00:00`);
  const to = new Date(`${form.to}T23:59:59.999`);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return words.datesMissing;
  if (to < from) return words.rangeReversed;
  if (to.getTime() - from.getTime() > RANGE_DAYS_MAX * DAY_MS) return words.rangeTooLong;
  const target = Number(form.targetSeconds);
  if (!Number.isInteger(target) || target < 1 || target > 3600) return words.targetInvalid;
  const query: ReportQuery = { from: from.toISOString(), to: to.toISOString(), groupBy: form.groupBy, timeZone: browserTimeZone(), targetSeconds: target };
  if (form.siteId.trim() !== '') query.siteId = form.siteId.trim();
  if (form.language !== '') query.language = form.language;
  if (form.queueId !== '') query.queueId = form.queueId;
  return query;
}

export function ReportsPage({ reports, supervision, headingRef }: Props) {
  const { strings, language, locale } = useLanguage();
  const words = strings.reports;
  const known = useSyncExternalStore(supervision.subscribe, supervision.getState);
  const id = useId();
  const [form, setForm] = useState<Form>({ from: localDate(6), to: localDate(0), siteId: '', language: '', queueId: '', groupBy: 'day', targetSeconds: '60' });
  const [formError, setFormError] = useState<string | null>(null);
  const [shown, setShown] = useState<{ summary: ReportSummary; query: ReportQuery } | null>(null);
  const [busy, setBusy] = useState(false);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const firstRun = useRef(true);

  useEffect(() => {
    if (!supervision.getState().subscribed) void supervision.open();
  }, [supervision]);

  async function run(focusResults: boolean): Promise<void> {
    const query = queryOf(form, words);
    if (typeof query === 'string') {
      setFormError(query);
      return;
    }
    setBusy(true);
    const answer = await reports.summary(query);
    setBusy(false);
    if (!answer.ok) {
      setFormError(words.loadError(errorText(strings, answer.code)));
      return;
    }
    setFormError(null);
    setShown({ summary: answer.value, query });
    if (focusResults) requestAnimationFrame(() => resultsHeading.current?.focus());
  }

  useEffect(() => {
    if (!firstRun.current) return;
    firstRun.current = false;
    void run(false);
    // The first report, with the default filters, once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const set = (key: keyof Form) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setForm((previous) => ({ ...previous, [key]: value }));
  };

  async function onSubmit(event: FormEvent): Promise<void> {
    event.preventDefault();
    await run(true);
  }

  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const cellText = (table: ReportTable, column: number, value: ReportCellValue): string => {
    if (value === null) return '—';
    if (typeof value === 'number') return number.format(value);
    if (column === 0 && value === 'total') return words.total;
    if (table.id === 'languages' && (value === 'en' || value === 'fr')) return words.languageNames[value];
    if (table.id === 'channels' && column === 0 && value in words.channelNames) return words.channelNames[value as keyof Words['channelNames']];
    if (table.id === 'outcomes' && column === 0 && (value === 'close_reason' || value === 'wrap_up')) return words.kinds[value];
    if (shown?.summary.groupBy === 'weekday' && column === 0 && value in words.weekdays) return words.weekdays[value as keyof Words['weekdays']];
    return value;
  };
  const problemId = `${id}-problem`;
  const tables = shown === null ? [] : reportTables(shown.summary);
  const tableOf = (tableId: ReportTable['id']) => tables.find((table) => table.id === tableId)!;

  function tableView(table: ReportTable) {
    const captionId = `${id}-${table.id}-caption`;
    return (
      <div className="report-table" key={table.id}>
        <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
          <table data-report-table={table.id}>
            <caption id={captionId}>{words.tables[table.id]}</caption>
            <thead>
              <tr>
                {table.columns.map((column) => (
                  <th scope="col" key={column}>
                    {words.columns[column as keyof Words['columns']] ?? column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.length === 0 && (
                <tr>
                  <td colSpan={table.columns.length}>{words.empty}</td>
                </tr>
              )}
              {table.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((value, c) =>
                    c === 0 ? (
                      <th scope="row" key={c} data-value={value ?? ''}>
                        {cellText(table, c, value)}
                      </th>
                    ) : (
                      <td key={c} data-value={value ?? ''}>
                        {cellText(table, c, value)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {shown !== null && (
          <a className="csv-link" href={reportCsvUrl(table.id, shown.query)} download data-csv={table.id}>
            {words.csv(words.tables[table.id])}
          </a>
        )}
      </div>
    );
  }

  const summary = shown?.summary ?? null;
  return (
    <section className="page reports-page" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {strings.pages.reports.heading}
      </h1>
      <form className="reports-filters" aria-labelledby={`${id}-filters`} onSubmit={(event) => void onSubmit(event)} noValidate>
        <h2 id={`${id}-filters`}>{words.filtersHeading}</h2>
        <div className="field-row">
          <label htmlFor={`${id}-from`}>{words.from}</label>
          <input id={`${id}-from`} type="date" value={form.from} onChange={set('from')} required aria-describedby={formError ? problemId : undefined} />
          <label htmlFor={`${id}-to`}>{words.to}</label>
          <input id={`${id}-to`} type="date" value={form.to} onChange={set('to')} required aria-describedby={formError ? problemId : undefined} />
          <label htmlFor={`${id}-group`}>{words.groupBy}</label>
          <select id={`${id}-group`} value={form.groupBy} onChange={set('groupBy')}>
            {GROUPINGS.map((grouping) => (
              <option key={grouping} value={grouping}>
                {words.groupings[grouping]}
              </option>
            ))}
          </select>
        </div>
        <div className="field-row">
          <label htmlFor={`${id}-site`}>{words.site}</label>
          <input id={`${id}-site`} type="text" value={form.siteId} onChange={set('siteId')} maxLength={64} autoComplete="off" />
          <label htmlFor={`${id}-language`}>{words.language}</label>
          <select id={`${id}-language`} value={form.language} onChange={set('language')}>
            <option value="">{words.any}</option>
            <option value="en">{words.languageNames.en}</option>
            <option value="fr">{words.languageNames.fr}</option>
          </select>
          <label htmlFor={`${id}-queue`}>{words.queue}</label>
          <select id={`${id}-queue`} value={form.queueId} onChange={set('queueId')}>
            <option value="">{words.any}</option>
            {known.queues.map((queue) => (
              <option key={queue.id} value={queue.id}>
                {queue.name[language]}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-target`}>{words.target}</label>
          <input id={`${id}-target`} type="number" inputMode="numeric" min={1} max={3600} value={form.targetSeconds} onChange={set('targetSeconds')} aria-describedby={`${id}-target-hint`} />
          <span id={`${id}-target-hint`} className="hint">
            {words.targetHint}
          </span>
        </div>
        {formError !== null && (
          <p id={problemId} className="error" role="alert">
            {formError}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? words.loading : words.show}
        </button>
      </form>

      {summary !== null && (
        <section aria-labelledby={`${id}-results`}>
          <h2 id={`${id}-results`} ref={resultsHeading} tabIndex={-1}>
            {words.resultsHeading}
          </h2>
          <p role="status">{words.cost(summary.cost.hoursRead, summary.cost.cellsRead, summary.cost.millis, summary.timeZone)}</p>

          <h3>{words.volumeHeading}</h3>
          <ReportChart
            title={words.charts.volume}
            labels={summary.groups.map((group) => group.key)}
            series={[
              { name: words.columns.started, values: summary.groups.map((group) => group.figures.started) },
              { name: words.columns.answered, values: summary.groups.map((group) => group.figures.answered) },
              { name: words.columns.abandoned, values: summary.groups.map((group) => group.figures.abandoned) },
            ]}
            tableNote={words.tableNote(words.tables.volume)}
            locale={locale}
          />
          {tableView(tableOf('volume'))}
          {tableView(tableOf('service'))}

          <h3>{words.waitsHeading}</h3>
          <ReportChart
            title={words.charts.waits}
            labels={summary.waitBucketsSeconds.map((bound) => `≤ ${bound}`).concat(`> ${summary.waitBucketsSeconds.at(-1) ?? ''}`)}
            series={[
              { name: words.languageNames.en, values: summary.waitsByLanguage.en.histogram },
              { name: words.languageNames.fr, values: summary.waitsByLanguage.fr.histogram },
            ]}
            tableNote={words.tableNote(words.tables.waits)}
            locale={locale}
          />
          {tableView(tableOf('languages'))}
          {tableView(tableOf('waits'))}

          <h3>{words.closedHeading}</h3>
          <ReportChart
            title={words.charts.closed}
            labels={summary.closedDemand.map((d) => String(d.hour).padStart(2, '0'))}
            series={[
              { name: words.columns.closed_offers, values: summary.closedDemand.map((d) => d.closedOffers) },
              { name: words.columns.left_messages, values: summary.closedDemand.map((d) => d.leftMessages) },
            ]}
            tableNote={words.tableNote(words.tables.closed)}
            locale={locale}
          />
          {tableView(tableOf('closed'))}

          <h3>{words.channelHeading}</h3>
          <ReportChart
            title={words.charts.channels}
            labels={summary.channelShift.map((c) => words.channelNames[c.answer as keyof Words['channelNames']] ?? c.answer)}
            series={[{ name: words.columns.count, values: summary.channelShift.map((c) => c.count) }]}
            tableNote={words.tableNote(words.tables.channels)}
            locale={locale}
          />
          {tableView(tableOf('channels'))}
          {tableView(tableOf('satisfaction'))}

          <h3>{words.outcomesHeading}</h3>
          {tableView(tableOf('outcomes'))}
          <h3>{words.staffHeading}</h3>
          <p className="hint">{words.staffNote}</p>
          {tableView(tableOf('staff'))}
        </section>
      )}
    </section>
  );
}
