/**
 * Reads our iCalendar output back with ical.js, a real parser, the way a calendar app would:
 * each UID's master VEVENT expanded by its RRULE, its RECURRENCE-ID instances put in place.
 */
import ICAL from 'ical.js';

export interface ReadOccurrence {
  key: string;
  startUtc: string;
  durationMinutes: number;
  status: 'scheduled' | 'cancelled';
  uid: string;
  summary: string;
  description: string;
}

export function parseCalendar(text: string): ICAL.Component {
  return new ICAL.Component(ICAL.parse(text));
}

/** Occurrences whose start is in [fromMs, untilMs), from every series in the calendar. Moved ones stay within `slackMs` of their key. */
export function readOccurrences(text: string, fromMs: number, untilMs: number, slackMs = 5 * 86_400_000): ReadOccurrence[] {
  const vevents = parseCalendar(text).getAllSubcomponents('vevent');
  const out: ReadOccurrence[] = [];
  for (const master of vevents.filter((v) => !v.hasProperty('recurrence-id'))) {
    const event = new ICAL.Event(master);
    for (const v of vevents) if (v.hasProperty('recurrence-id') && v.getFirstPropertyValue('uid') === event.uid) event.relateException(v);
    const read = (start: ICAL.Time) => {
      const d = event.getOccurrenceDetails(start);
      const startMs = d.startDate.toJSDate().getTime();
      if (startMs < fromMs || startMs >= untilMs) return;
      const item = d.item;
      out.push({
        key: event.isRecurring() ? d.recurrenceId.toString().slice(0, 16) : '', // a single event has no recurrence key
        startUtc: new Date(startMs).toISOString(),
        // ical.js adds the duration to the wall clock; the exact one is DTEND − DTSTART (or DURATION).
        durationMinutes: item.duration.toSeconds() / 60,
        status: item.component.getFirstPropertyValue('status') === 'CANCELLED' ? 'cancelled' : 'scheduled',
        uid: item.uid,
        summary: item.summary,
        description: item.description ?? '',
      });
    };
    if (!event.isRecurring()) {
      read(event.startDate);
      continue;
    }
    const it = event.iterator();
    for (let t = it.next(); t; t = it.next()) {
      if (t.toJSDate().getTime() >= untilMs + slackMs) break;
      read(t);
    }
  }
  return out.sort((a, b) => a.startUtc.localeCompare(b.startUtc) || a.key.localeCompare(b.key));
}

/** Every content line, unfolded: "NAME;PARAMS:value". */
export function unfoldedLines(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
}
