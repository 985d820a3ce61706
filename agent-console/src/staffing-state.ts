/**
 * The staffing panel's logic, pure (test/console/staffing-state.test.ts): planned hours typed as
 * text ("09:00-12:00, 13:00-17:00") and back, the settings as percentages in the form, and which
 * step of the projection to say what about.
 */
import { WEEKDAYS, type OpeningPeriod, type Weekday } from '../../protocol/hours.js';
import type { PlannedAgentView, ProjectedStepView, StaffingSettingsView } from '../../protocol/staffing.js';

export { WEEKDAYS };

/** A day's periods as a person types them; empty for a day off. */
export function periodsText(periods: readonly OpeningPeriod[] | undefined): string {
  return (periods ?? []).map((period) => `${period.opens}-${period.closes}`).join(', ');
}

/** "9", "09:30", "9h30", "9 h", "17 h 30" → `HH:MM`; null when it is not a time of day. */
function timeOf(text: string): string | null {
  const match = /^(\d{1,2})(?:\s*[:h]\s*(\d{2})?)?$/i.exec(text.trim());
  if (match === null) return null;
  const time = `${match[1]!.padStart(2, '0')}:${match[2] ?? '00'}`;
  return time <= '24:00' && Number(time.slice(3)) < 60 ? time : null;
}

/**
 * "9-17", "09:00–12:00, 13:00–17:00", "9 h 30 à 17 h" (French) → periods; null when a part cannot
 * be read or does not start before it ends (the server checks again).
 */
export function parsePeriods(text: string): OpeningPeriod[] | null {
  const periods: OpeningPeriod[] = [];
  for (const part of text.split(/[,;]/).map((piece) => piece.trim()).filter((piece) => piece !== '')) {
    const ends = part.split(/\s*[-–—]\s*|\s+(?:à|to)\s+/i);
    if (ends.length !== 2) return null;
    const opens = timeOf(ends[0]!);
    const closes = timeOf(ends[1]!);
    if (opens === null || closes === null || !(opens < closes)) return null;
    periods.push({ opens, closes });
  }
  return periods;
}

/** One planned agent as the form edits it: a text per weekday. */
export interface PlannedRow {
  agentId: string;
  displayName: string | null;
  days: Record<Weekday, string>;
}

export function rowsOf(agents: readonly PlannedAgentView[]): PlannedRow[] {
  return agents.map((agent) => ({
    agentId: agent.agentId,
    displayName: agent.displayName,
    days: Object.fromEntries(WEEKDAYS.map((day) => [day, periodsText(agent.weekly[day])])) as Record<Weekday, string>,
  }));
}

export function emptyRow(agentId: string, displayName: string | null): PlannedRow {
  return { agentId, displayName, days: Object.fromEntries(WEEKDAYS.map((day) => [day, ''])) as Record<Weekday, string> };
}

/** The settings as the form shows them: whole percentages and seconds, as text. */
export interface SettingsForm {
  serviceLevel: string;
  answerWithinSeconds: string;
  maxOccupancy: string;
  shrinkage: string;
}

const percentText = (share: number): string => String(Math.round(share * 1000) / 10);

export function settingsForm(settings: StaffingSettingsView): SettingsForm {
  return {
    serviceLevel: percentText(settings.serviceLevel),
    answerWithinSeconds: String(settings.answerWithinSeconds),
    maxOccupancy: percentText(settings.maxOccupancy),
    shrinkage: percentText(settings.shrinkage),
  };
}

/** A field that cannot be saved, and where. */
export type PlanProblem = { field: keyof SettingsForm } | { agentId: string; day: Weekday };

/** The plan to send, or the fields that cannot be read (each range checked as the server will). */
export function planFromForm(rows: readonly PlannedRow[], form: SettingsForm): { agents: { agentId: string; weekly: Partial<Record<Weekday, OpeningPeriod[]>> }[]; settings: StaffingSettingsView } | { problems: PlanProblem[] } {
  const problems: PlanProblem[] = [];
  const number = (field: keyof SettingsForm, valid: (value: number) => boolean): number => {
    const value = Number(form[field].trim().replace(',', '.'));
    if (form[field].trim() === '' || !Number.isFinite(value) || !valid(value)) problems.push({ field });
    return value;
  };
  const settings = {
    serviceLevel: number('serviceLevel', (value) => value > 0 && value < 100) / 100,
    answerWithinSeconds: number('answerWithinSeconds', (value) => Number.isInteger(value) && value >= 1 && value <= 3600),
    maxOccupancy: number('maxOccupancy', (value) => value > 0 && value <= 100) / 100,
    shrinkage: number('shrinkage', (value) => value >= 0 && value < 100) / 100,
  };
  const agents = rows.map((row) => {
    const weekly: Partial<Record<Weekday, OpeningPeriod[]>> = {};
    for (const day of WEEKDAYS) {
      const periods = parsePeriods(row.days[day]);
      if (periods === null) problems.push({ agentId: row.agentId, day });
      else if (periods.length > 0) weekly[day] = periods;
    }
    return { agentId: row.agentId, weekly };
  });
  return problems.length > 0 ? { problems } : { agents, settings };
}

/** What a step's headline says: enough was observed to project it, or not. */
export type StepHeadline =
  | { kind: 'projected'; needed: number; neededHigh: number; hour: number; scheduled: number; short: boolean }
  | { kind: 'unobserved' };

export function stepHeadline(step: ProjectedStepView): StepHeadline {
  const peak = step.peak;
  if (peak === null || peak.agentsNeeded === null) return { kind: 'unobserved' };
  return { kind: 'projected', needed: peak.agentsNeeded, neededHigh: peak.agentsNeededHigh ?? peak.agentsNeeded, hour: peak.hour, scheduled: peak.scheduled, short: peak.scheduled < peak.agentsNeeded };
}

/** Hours worth a row in the table: observed ones, or planned ones. */
export function hoursShown(step: ProjectedStepView): ProjectedStepView['hours'] {
  return step.hours.filter((hour) => hour.agentsNeeded !== null || hour.scheduled > 0);
}
