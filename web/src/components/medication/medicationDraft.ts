import type { MedicationSchedule, MedicationScheduleInput, Weekday } from '../../api/contracts';
import { t } from '../../i18n';
import { todayIn } from '../../medicationText';
import * as policy from '../policyDraft';

/**
 * The editor's working copy of a schedule. Number inputs hold '' while empty: an empty
 * optional field is left out, an empty required one is sent as null so the API's own
 * message ("expected number") lands next to it.
 */
export type NumberDraft = number | '';
export interface TimeRow {
  key: number;
  value: string;
}
export type EndBy = 'never' | 'date' | 'count';

export interface MedicationDraft {
  medicationName: string;
  dose: string;
  instructions: string;
  careRecipientId: string;
  assignedCaregiverId: string;
  timeZone: string;
  times: TimeRow[];
  patternKind: 'daily' | 'weekdays' | 'everyNDays';
  days: Weekday[];
  everyN: NumberDraft;
  startDate: string;
  endBy: EndBy;
  endDate: string;
  doseCount: NumberDraft;
  asNeeded: boolean;
  trackSupply: boolean;
  supplyCount: NumberDraft;
  refillThreshold: NumberDraft;
  headsUpMinutes: NumberDraft;
  answerWindowMinutes: NumberDraft;
  snoozeMinutes: NumberDraft;
  maxSnoozes: NumberDraft;
  /** 'recipient' sends no chain, so the recipient's is paged (and an edit drops a saved override). */
  chain: 'recipient' | 'own';
  chainSteps: policy.StepDraft[];
  chainRepeat: number;
}

let nextKey = 1;
export const timeRow = (value = ''): TimeRow => ({ key: nextKey++, value });

export function newDraft(recipient: { id: string; timeZone: string } | undefined, caregiverId: string): MedicationDraft {
  const timeZone = recipient?.timeZone ?? 'UTC';
  return {
    medicationName: '',
    dose: '',
    instructions: '',
    careRecipientId: recipient?.id ?? '',
    assignedCaregiverId: caregiverId,
    timeZone,
    times: [timeRow('08:00')],
    patternKind: 'daily',
    days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    everyN: 2,
    startDate: todayIn(timeZone),
    endBy: 'never',
    endDate: '',
    doseCount: '',
    asNeeded: false,
    trackSupply: false,
    supplyCount: '',
    refillThreshold: 7,
    headsUpMinutes: '',
    answerWindowMinutes: 30,
    snoozeMinutes: 10,
    maxSnoozes: 3,
    chain: 'recipient',
    chainSteps: [],
    chainRepeat: 1,
  };
}

export function toDraft(s: MedicationSchedule): MedicationDraft {
  return {
    medicationName: s.medicationName,
    dose: s.dose,
    instructions: s.instructions ?? '',
    careRecipientId: s.careRecipientId,
    assignedCaregiverId: s.assignedCaregiverId,
    timeZone: s.timeZone,
    times: s.timesOfDay.map((t) => timeRow(t)),
    patternKind: s.pattern.kind,
    days: s.pattern.kind === 'weekdays' ? [...s.pattern.days] : ['mon', 'tue', 'wed', 'thu', 'fri'],
    everyN: s.pattern.kind === 'everyNDays' ? s.pattern.n : 2,
    startDate: s.startDate,
    endBy: s.endDate ? 'date' : s.doseCount ? 'count' : 'never',
    endDate: s.endDate ?? '',
    doseCount: s.doseCount ?? '',
    asNeeded: s.asNeeded,
    trackSupply: s.supply !== undefined,
    supplyCount: s.supply?.count ?? '',
    refillThreshold: s.supply?.refillThreshold ?? 7,
    headsUpMinutes: s.headsUpMinutes ?? '',
    answerWindowMinutes: s.answerWindowMinutes,
    snoozeMinutes: s.snoozeMinutes,
    maxSnoozes: s.maxSnoozes,
    chain: s.escalationPolicy ? 'own' : 'recipient',
    chainSteps: s.escalationPolicy?.steps.map(policy.toDraft) ?? [],
    chainRepeat: s.escalationPolicy?.repeat ?? 1,
  };
}

/** A deep copy the form may change freely; every field is plain data. */
export const cloneDraft = (d: MedicationDraft): MedicationDraft => JSON.parse(JSON.stringify(d)) as MedicationDraft;

/** Filled times, each once, in order: the contract wants them so, and so does a reader. */
export function sortedTimes(rows: TimeRow[]): TimeRow[] {
  const seen = new Set<string>();
  const once = rows.filter((r) => {
    if (r.value === '') return true;
    if (seen.has(r.value)) return false;
    seen.add(r.value);
    return true;
  });
  return once.sort((a, b) => (a.value === '' ? 1 : b.value === '' ? -1 : a.value.localeCompare(b.value)));
}

const required = (n: NumberDraft) => (n === '' ? (null as unknown as number) : n);
const optional = (n: NumberDraft) => (n === '' ? undefined : n);

export function toInput(d: MedicationDraft): MedicationScheduleInput {
  const pattern: MedicationScheduleInput['pattern'] =
    d.patternKind === 'weekdays'
      ? { kind: 'weekdays', days: d.days }
      : d.patternKind === 'everyNDays'
        ? { kind: 'everyNDays', n: required(d.everyN) }
        : { kind: 'daily' };
  return {
    medicationName: d.medicationName,
    // A dose left empty means "as prescribed", so a name and a time are enough to save.
    dose: d.dose === '' ? t.value.medicationEditor.what.defaultDose : d.dose,
    ...(d.instructions.trim() ? { instructions: d.instructions } : {}),
    careRecipientId: d.careRecipientId,
    assignedCaregiverId: d.assignedCaregiverId,
    timeZone: d.timeZone,
    timesOfDay: sortedTimes(d.times).map((r) => r.value).filter((v) => v !== ''),
    pattern,
    startDate: d.startDate,
    ...(d.endBy === 'date' ? { endDate: d.endDate } : {}),
    ...(d.endBy === 'count' ? { doseCount: required(d.doseCount) } : {}),
    asNeeded: d.asNeeded,
    ...(d.trackSupply ? { supply: { count: required(d.supplyCount), refillThreshold: required(d.refillThreshold) } } : {}),
    ...(optional(d.headsUpMinutes) !== undefined ? { headsUpMinutes: optional(d.headsUpMinutes) } : {}),
    answerWindowMinutes: required(d.answerWindowMinutes),
    snoozeMinutes: required(d.snoozeMinutes),
    maxSnoozes: required(d.maxSnoozes),
    ...(d.chain === 'own' ? { escalationPolicy: policy.toInput(d.chainSteps, d.chainRepeat) } : {}),
  };
}

export const fields = [
  'medicationName', 'dose', 'instructions', 'careRecipientId', 'assignedCaregiverId', 'timeZone', 'timesOfDay', 'pattern',
  'startDate', 'endDate', 'doseCount', 'asNeeded', 'supply.count', 'supply.refillThreshold', 'headsUpMinutes',
  'answerWindowMinutes', 'snoozeMinutes', 'maxSnoozes',
  'escalationPolicy.steps', 'escalationPolicy.repeat',
  // The contract allows at most 10 steps, so every step field that can carry an error is listed.
  ...Array.from({ length: 10 }, (_, i) => ['targets', 'channels', 'waitMinutes'].map((f) => `escalationPolicy.steps.${i}.${f}`)).flat(),
] as const;

/**
 * The field an API issue path belongs to: "timesOfDay.1" → the times, "pattern.n" → the pattern,
 * "escalationPolicy.steps.0.targets.userIds.0" → that step's targets (as the recipient chain page files it).
 */
export function fieldKey(path: string): string | null {
  if ((fields as readonly string[]).includes(path)) return path;
  const head = path.split('.')[0]!;
  if (head === 'timesOfDay' || head === 'pattern') return head;
  if (head === 'supply') return 'supply.count';
  if (head === 'escalationPolicy') {
    const key = policy.fieldKey(path.slice('escalationPolicy.'.length));
    return key ? `escalationPolicy.${key}` : null;
  }
  return null;
}

/** The editor's steps, in order; the last one is the summary that saves. */
export const editorSteps = ['what', 'when', 'missed', 'check'] as const;
export type EditorStep = (typeof editorSteps)[number];

const whatFields = ['medicationName', 'dose', 'instructions', 'careRecipientId', 'supply.count', 'supply.refillThreshold'];
const whenFields = ['timesOfDay', 'pattern', 'startDate', 'endDate', 'doseCount', 'asNeeded', 'timeZone'];

/** The step that shows a field (and so its error). */
export function stepOf(field: string): EditorStep {
  if (whatFields.includes(field)) return 'what';
  if (whenFields.includes(field)) return 'when';
  return 'missed';
}

/** The first step with an error, to go back to; null when there is none. */
export function firstStepWithError(errors: Record<string, string>): EditorStep | null {
  const steps = Object.keys(errors).map(stepOf);
  return editorSteps.find((s) => steps.includes(s)) ?? null;
}

/** What the defaults cannot fill in, checked before the API is asked: a name, and a time unless as needed. */
export function missingFields(d: MedicationDraft): Record<string, string> {
  const words = t.value.medicationEditor.form;
  const missing: Record<string, string> = {};
  if (d.medicationName.trim() === '') missing.medicationName = words.nameMissing;
  if (!d.asNeeded && d.times.every((r) => r.value === '')) missing.timesOfDay = words.timeMissing;
  return missing;
}
