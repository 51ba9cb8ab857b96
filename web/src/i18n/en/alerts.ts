/**
 * Alerts (escalations), the emergency button and the escalation chain editor. One vocabulary
 * everywhere: "not confirmed" → "Ben is on it" → "given late at 06:48"; no rounds, steps or codes.
 * `you`: the sentence is about the reader (French changes its word order for it).
 */
import { capital } from '../capital';

const onIt = (who: string, you: boolean) => (you ? 'You are on it' : `${capital(who)} is on it`);

export const alerts = {
  kinds: {
    // Not "missed": when the chain starts the dose may well have been given and not yet marked.
    medication: 'Dose not confirmed',
    appointment: 'Appointment needs a companion',
    shift: 'Shift uncovered',
    emergency: 'Emergency',
    test: 'Test alert',
  },
  channels: { push: 'Push', sms: 'SMS', email: 'Email' },
  via: {
    app: 'in the app',
    push: 'from a push notification',
    sms: 'by SMS reply',
    email: 'from an email link',
  },
  words: {
    you: 'you',
    nobody: 'nobody',
    someone: 'someone',
    formerMember: 'a former member',
    /** "Ben", "Ben and Ana", "Ben, Ana and Sam". */
    list: (names: string[]) => `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`,
  },
  subject: {
    dose: (medication: string, time: string) => `${medication} · ${time} dose`,
    unreachedPrefix: 'Nobody answered: ',
  },
  paging: {
    /** "Texting Ben now". */
    now: (how: 'sms' | 'email' | 'push' | 'any', who: string, _you: boolean) =>
      `${{ sms: 'Texting', email: 'Emailing', push: 'Notifying', any: 'Contacting' }[how]} ${who} now`,
    /** "; Ana at 06:48 if Ben doesn't answer". `by`: who must answer; `several`: more than one of them. */
    next: (who: string, at: string, by: string, byYou: boolean, several: boolean) =>
      `; ${who} at ${at} if ${several ? 'nobody answers' : byYou ? "you don't answer" : `${by} doesn't answer`}`,
  },
  status: {
    notConfirmedYet: 'Not confirmed yet; contacting the family',
    contactingFamily: 'Contacting the family now',
    onIt,
    until: (time: string) => ` until ${time}`,
    answered: (via: string) => ` (answered ${via})`,
    given: (late: boolean, time: string, who: string, _you: boolean) => `Given${late ? ' late' : ''} at ${time} by ${who}`,
    skipped: (who: string, _you: boolean) => `Skipped by ${who}`,
    resolved: (who: string | null, note: string | null) => `Resolved${who ? ` by ${who}` : ''}${note ? `: ${note}` : ''}`,
    unreached: 'Nobody answered',
    cancelled: 'Cancelled',
    failed: 'Stopped by a system failure: nobody is being contacted',
  },
  /** The dose card's words while its alert runs. */
  dose: {
    notGivenYet: (state: string) => `Not given yet · ${state}`,
  },
  timeline: {
    raisedBy: (who: string) => `Raised by ${who}`,
    started: 'Started',
    firstRound: 'Started contacting the family',
    nextRound: 'Nobody answered; contacting everyone again',
    nextStep: 'Nobody answered yet; contacting the next people',
    notReached: (who: string, _you: boolean, channel: string) => `Could not reach ${who} by ${channel}`,
    sent: (how: 'sms' | 'email' | 'push' | 'other', who: string, _you: boolean) =>
      ({ sms: `Texted ${who}`, email: `Emailed ${who}`, push: `Sent ${who} a push notification`, other: `Contacted ${who}` })[how],
    acknowledged: (who: string, _you: boolean, via: string) => `${capital(who)} took it on ${via}`.trim(),
    claimed: (who: string, _you: boolean, via: string) => `${capital(who)} took it on for a while ${via}`.trim(),
    claimExpired: (who: string, _you: boolean) => `${capital(who)} did not close it in time; contacting the family again`,
    resolved: (who: string, _you: boolean, note: string | null) => (note === null ? `${who} resolved it` : `${who} resolved it: ${note}`),
    empty: 'Nothing has happened yet.',
    label: 'What happened',
  },
  card: {
    raisedBy: (who: string) => `Raised by ${who}`,
    started: 'Started',
    checkYourself: (about: string | undefined) => `Please check on ${about ?? 'them'} yourself now.`,
    call: (number: string) => `Call emergency services (${number})`,
    openThis: 'Open this alert',
    details: 'Details',
    checkedHide: 'I have checked: hide this',
    dismiss: 'Dismiss',
  },
  banner: {
    open: 'Open alerts',
    otherOpen: 'Other open alerts',
    /** Read out at once by a screen reader: "Emergency raised by Ben: Rosa fell. Contacting you now." */
    announce: (subject: string, raisedBy: string | null, note: string | null, status: string) =>
      `${subject}${raisedBy ? ` raised by ${raisedBy}` : ''}${note ? `: ${note}` : ''}. ${status}.`,
  },
  actions: {
    onIt: "I'm on it",
    resolveWithNote: 'Resolve with a note',
    howResolved: 'How was it resolved?',
    resolve: 'Resolve',
  },
  list: {
    title: 'Alerts',
    loading: 'Loading…',
    nothingOpen: 'Nothing open. Everyone is looked after.',
    openCount: (n: number) => `${n === 1 ? 'One alert is open' : `${n} alerts are open`}: see above.`,
    recent: 'Recent',
    recentLabel: 'Recent alerts',
    none: 'No alerts yet.',
    loadFailed: 'Could not load the alerts.',
    states: {
      active: 'Open',
      claimed: 'Someone is on it',
      acknowledged: 'Someone is on it',
      resolved: 'Resolved',
      unreached: 'Nobody answered',
      cancelled: 'Cancelled',
      failed: 'Stopped',
    },
  },
  detail: {
    back: '← All alerts',
    notFound: 'This alert does not exist in this family.',
    loadFailed: 'Could not load this alert.',
    finished: (when: string) => `Finished ${when}`,
    timeline: 'Timeline',
    messages: 'Messages sent',
  },
  emergency: {
    button: 'Emergency',
    title: 'Raise an emergency?',
    explain: 'Every family member is paged on every channel, again and again, until someone answers.',
    about: 'About',
    nobodyInParticular: 'Nobody in particular',
    whatIsHappening: 'What is happening? (optional)',
    pageEveryone: 'Page everyone now',
    raised: 'Emergency raised. Everyone in the family is being paged until someone answers.',
  },
  policy: {
    back: '← Care recipients',
    title: (name: string | undefined) => `Escalation chain${name ? ` for ${name}` : ''}`,
    lead: (name: string | undefined) =>
      `When a reminder about ${name ?? 'them'} gets no answer, these people are paged in order until someone answers. Emergencies always page everyone.`,
    loading: 'Loading…',
    loadFailed: 'Could not load the escalation chain.',
    saved: 'Escalation chain saved.',
    fixFields: 'Please fix the marked fields.',
    defaultTag: 'Default policy',
    defaultExplain: 'Nothing saved yet: this is what happens today.',
    repeat: 'Run the whole chain',
    times: (n: number) => (n === 1 ? 'once' : `${n} times`),
    save: 'Save escalation chain',
    stepsLabel: 'Escalation steps',
    addStep: 'Add a step',
    step: (n: number) => `Step ${n}`,
    whoIsPaged: 'Who is paged',
    everyone: 'Everyone in the family',
    everyoneWithRole: 'Everyone with a role',
    rolePaged: (n: number) => `Role paged at step ${n}`,
    rolePlural: (role: string) => `${role}s`,
    everyOfRole: (role: string) => `Every ${role.toLowerCase()}`,
    specificPeople: 'Specific people',
    channels: 'Channels',
    wait: 'Wait before the next step (minutes)',
    moveUp: 'Move up',
    moveDown: 'Move down',
    /** Said after "Move up" to a screen reader only. */
    whichStep: (n: number) => ` step ${n}`,
    remove: (n: number) => `Remove step ${n}`,
    summaryStep: (n: number, who: string) => `Step ${n}: ${who}`,
    summaryWait: (channels: string, minutes: number) => `${channels} · then wait ${minutes} min`,
    summaryRuns: (n: number) => `The whole chain runs ${n === 1 ? 'once' : `${n} times`} before it gives up and tells the admins.`,
  },
};
