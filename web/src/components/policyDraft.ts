import type { Channel, EscalationPolicyInput, EscalationStep, Role } from '../api/contracts';

/** One step as the form edits it: every kind's fields kept, so switching kinds loses nothing. */
export interface StepDraft {
  key: number;
  kind: 'members' | 'role' | 'everyone';
  userIds: string[];
  role: Role;
  channels: Channel[];
  waitMinutes: number;
}

let nextKey = 1;

export function toDraft(step: EscalationStep): StepDraft {
  const t = step.targets;
  return {
    key: nextKey++,
    kind: t.kind,
    userIds: t.kind === 'members' ? [...t.userIds] : [],
    role: t.kind === 'role' ? t.role : 'caregiver',
    channels: [...step.channels],
    waitMinutes: step.waitMinutes,
  };
}

export const newStep = (): StepDraft => ({
  key: nextKey++,
  kind: 'everyone',
  userIds: [],
  role: 'caregiver',
  channels: ['push', 'sms'],
  waitMinutes: 15,
});

/** The API's input; values are sent as typed, so its validation is the one rule. */
export function toInput(steps: StepDraft[], repeat: number): EscalationPolicyInput {
  return {
    repeat,
    steps: steps.map((s) => ({
      targets:
        s.kind === 'members'
          ? { kind: 'members', userIds: s.userIds }
          : s.kind === 'role'
            ? { kind: 'role', role: s.role }
            : { kind: 'everyone' },
      channels: s.channels,
      waitMinutes: s.waitMinutes,
    })),
  };
}

/**
 * Files an API issue path under the field that shows it: `steps.1.waitMinutes` stays,
 * `steps.0.targets.userIds.0` goes to `steps.0.targets`, `steps.2.channels.1` to `steps.2.channels`.
 */
export function fieldKey(path: string): string | null {
  const m = /^steps\.(\d+)\.(targets|channels|waitMinutes)/.exec(path);
  if (m) return `steps.${m[1]}.${m[2]}`;
  if (path === 'repeat' || path === 'steps') return path;
  return null;
}
