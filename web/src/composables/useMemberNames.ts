import { useMembersStore } from '../stores/members';
import { useSessionStore } from '../stores/session';

/** Turns user ids into names the family knows; "you" for yourself. */
export function useMemberNames() {
  const members = useMembersStore();
  const session = useSessionStore();
  return (userId: string | null): string => {
    if (!userId) return 'someone';
    if (userId === session.user?.id) return 'you';
    return members.list.find((m) => m.userId === userId)?.displayName ?? 'a former member';
  };
}
