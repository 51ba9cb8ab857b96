import { t } from '../../i18n';

/**
 * The family's sections, in the order a caregiver needs them: Today first. `primary` ones
 * sit in the phone's bottom bar; the rest are under "More". A new section (appointments,
 * shifts) is one more entry here. `also`: route names that belong to the same tab (an
 * editor page is a sibling of its list in the router).
 */
type TabRoute = keyof typeof t.value.family.tabs;

export interface FamilyTab {
  route: TabRoute;
  /** In the current language. */
  readonly label: string;
  /** A short glyph for the bottom bar; the label is always written under it. */
  icon: string;
  primary: boolean;
  adminOnly?: boolean;
  also?: string[];
}

const tab = (entry: Omit<FamilyTab, 'label'>): FamilyTab => ({
  ...entry,
  get label() {
    return t.value.family.tabs[entry.route];
  },
});

export const familyTabs: FamilyTab[] = [
  tab({ route: 'family-today', icon: '◉', primary: true }),
  tab({ route: 'family-medications', icon: '℞', primary: true, also: ['family-medication', 'family-medication-new'] }),
  tab({ route: 'family-appointments', icon: '▦', primary: true, also: ['family-appointment-new', 'family-appointment-edit', 'family-appointment-visit'] }),
  tab({ route: 'family-escalations', icon: '!', primary: true, also: ['family-escalation'] }),
  // Under "More" on a phone since appointments took a place in the bar: four sections and More fit 390 px unclipped.
  tab({ route: 'family-timeline', icon: '≡', primary: false }),
  tab({ route: 'family-shifts', icon: '◷', primary: false, also: ['family-rotation-new', 'family-rotation-edit'] }),
  tab({ route: 'family-recipients', icon: '♡', primary: false, also: ['family-recipient-policy'] }),
  tab({ route: 'family-members', icon: '☺', primary: false }),
  tab({ route: 'family-invitations', icon: '✉', primary: false, adminOnly: true }),
  tab({ route: 'family-audit', icon: '⌕', primary: false, adminOnly: true }),
  tab({ route: 'family-settings', icon: '⚙', primary: false, adminOnly: true }),
];
