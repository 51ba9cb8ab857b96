import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import type { FamilyEvent } from '../api/contracts';
import { useAppointmentsStore } from '../stores/appointments';
import { useEscalationsStore } from '../stores/escalations';
import { useFamiliesStore } from '../stores/families';
import { useInvitationsStore } from '../stores/invitations';
import { useMedicationsStore } from '../stores/medications';
import { useMembersStore } from '../stores/members';
import { useRecipientsStore } from '../stores/recipients';
import { useSessionStore } from '../stores/session';
import { useShiftsStore } from '../stores/shifts';
import { useTimelineStore } from '../stores/timeline';
import { useTodayStore } from '../stores/today';
import { useLiveEvents } from './useLiveEvents';

interface Hooks {
  /** Reload everything shown: called whenever the subscription is (re)confirmed. */
  refresh: () => void;
  /** The family is gone for me (deleted, or I was removed). */
  onGone: (reason: 'deleted' | 'removed') => void;
}

/** Keeps the stores of the family on screen in step with what others do, without reloads. */
export function useFamilyLive(familyId: Ref<string>, hooks: Hooks) {
  const live = useLiveEvents();
  const session = useSessionStore();
  const families = useFamiliesStore();
  const members = useMembersStore();
  const invitations = useInvitationsStore();
  const recipients = useRecipientsStore();
  const escalations = useEscalationsStore();
  const medications = useMedicationsStore();
  const today = useTodayStore();
  const appointments = useAppointmentsStore();
  const shifts = useShiftsStore();
  const timeline = useTimelineStore();
  const refused = ref<string | null>(null);

  function apply(id: string, event: FamilyEvent) {
    const me = session.user?.id;
    timeline.heard(id, event);
    switch (event.type) {
      case 'family.renamed':
        return families.applyRenamed(id, event.name);
      case 'family.deleted':
        families.forget(id);
        return hooks.onGone('deleted');
      case 'member.joined':
        return members.upsert(event.member);
      case 'member.role_changed':
        members.setRole(event.userId, event.role);
        if (event.userId === me) families.setMyRole(id, event.role);
        return;
      case 'member.removed':
        members.forget(event.userId);
        if (event.userId === me) {
          families.forget(id);
          hooks.onGone('removed');
        }
        return;
      case 'invitation.changed':
        return invitations.upsert(event.invitation);
      case 'recipient.created':
      case 'recipient.updated':
        return recipients.upsert(event.recipient);
      case 'recipient.deleted':
        return recipients.forget(event.recipientId);
      // The banner, the list and the detail page all read the escalations store.
      case 'escalation.changed':
        // A late shift's page opens it to the family: the shift lists read themselves again.
        if (event.escalation.kind === 'shift') shifts.apply(event.escalation);
        return escalations.apply(event);
      case 'escalation.timeline':
      case 'delivery.changed':
        return escalations.apply(event);
      // The Medications tab reads the schedules; the Today tab reads the doses they produce.
      case 'medication.changed':
      case 'medication.deleted':
        medications.apply(event);
        return today.apply(event);
      case 'dose.changed':
        return today.apply(event);
      // Ids only: the agenda, Today's visits and an open visit page read themselves again.
      case 'appointment.changed':
        return appointments.apply(event);
      // Ids only: the week view, Today's shift card and offers, and the coverage board read themselves again.
      case 'shift.changed':
        return shifts.apply(event);
      default: {
        const unknownEvent: never = event;
        return unknownEvent;
      }
    }
  }

  let stop: (() => void) | null = null;
  watch(
    familyId,
    (id) => {
      stop?.();
      refused.value = null;
      stop = live.subscribe(id, {
        onEvent: (event) => apply(id, event),
        // Events sent while we were away are lost: the page and the appointments read again.
        onSubscribed: () => {
          hooks.refresh();
          void appointments.reload();
          void shifts.refresh();
        },
        onRefused: (message) => {
          refused.value = message;
        },
      });
    },
    { immediate: true },
  );
  onBeforeUnmount(() => stop?.());

  return { status: live.status, isLive: () => live.isLive(familyId.value), refused };
}
