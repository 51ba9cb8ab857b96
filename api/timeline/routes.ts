import { TimelinePage, TimelineQuery } from '../contracts/timeline';
import { FamilyParams } from '../families/params';
import { ANY_MEMBER, defineRoute } from '../http/route';
import { decodeCursor, encodeCursor, presentTimelineItem } from './presenters';
import { readTimelinePage } from './query';

export const timelineRoutes = [
  defineRoute({
    operationId: 'familyTimeline',
    method: 'get',
    path: '/api/families/:familyId/timeline',
    summary: 'The family feed, newest first: doses, escalations and who answered how, emergencies, membership changes',
    tag: 'timeline',
    access: ANY_MEMBER,
    audit: { action: 'read', resource: 'timeline' },
    params: FamilyParams,
    query: TimelineQuery,
    response: { status: 200, schema: TimelinePage, description: 'One page; pass `nextBefore` as `before` for the next (null on the last page).' },
    async handler({ params, query }, deps) {
      // No separate look-up of the recipient: another family's recipient simply matches nothing here.
      const before = query.before ? decodeCursor(query.before) : undefined;
      const { rows, more } = await readTimelinePage(deps.dataSource, { familyId: params.familyId, recipientId: query.recipientId, kind: query.kind, before, limit: query.limit });
      return { body: { items: rows.map(presentTimelineItem), nextBefore: more ? encodeCursor(rows.at(-1)!) : null } };
    },
  }),
];
