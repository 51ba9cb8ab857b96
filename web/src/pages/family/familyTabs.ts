/**
 * The family's sections, in the order a caregiver needs them: Today first. `primary` ones
 * sit in the phone's bottom bar; the rest are under "More". A new section (appointments,
 * shifts) is one more entry here. `also`: route names that belong to the same tab (an
 * editor page is a sibling of its list in the router).
 */
export interface FamilyTab {
  route: string;
  label: string;
  /** A short glyph for the bottom bar; the label is always written under it. */
  icon: string;
  primary: boolean;
  adminOnly?: boolean;
  also?: string[];
}

export const familyTabs: FamilyTab[] = [
  { route: 'family-today', label: 'Today', icon: '◉', primary: true },
  { route: 'family-medications', label: 'Medications', icon: '℞', primary: true, also: ['family-medication', 'family-medication-new'] },
  { route: 'family-appointments', label: 'Appointments', icon: '▦', primary: true, also: ['family-appointment-new', 'family-appointment-edit', 'family-appointment-visit'] },
  { route: 'family-escalations', label: 'Alerts', icon: '!', primary: true, also: ['family-escalation'] },
  // Under "More" on a phone since appointments took a place in the bar: four sections and More fit 390 px unclipped.
  { route: 'family-timeline', label: 'Timeline', icon: '≡', primary: false },
  { route: 'family-shifts', label: 'Shifts', icon: '◷', primary: false, also: ['family-rotation-new', 'family-rotation-edit'] },
  { route: 'family-recipients', label: 'Care recipients', icon: '♡', primary: false, also: ['family-recipient-policy'] },
  { route: 'family-members', label: 'Members', icon: '☺', primary: false },
  { route: 'family-invitations', label: 'Invitations', icon: '✉', primary: false, adminOnly: true },
  { route: 'family-audit', label: 'Access log', icon: '⌕', primary: false, adminOnly: true },
  { route: 'family-settings', label: 'Settings', icon: '⚙', primary: false, adminOnly: true },
];
