import { z } from 'zod';
import { calendarFeed } from '../../activities/appointments/icalendar';
import { messageLanguage } from '../../activities/delivery/language';
import { originOf, recordAudit } from '../audit/record';
import { takeRateToken, type RateLimit } from '../auth/rate-limits';
import { hashToken, newToken } from '../auth/tokens';
import { CalendarFeedResponse } from '../contracts/appointment-views';
import { notFound } from '../http/errors';
import { PUBLIC, USER, defineRoute } from '../http/route';
import { calendarAppointments } from './feed-data';
import { calendarShifts } from './shift-events';

/** Calendar apps refresh every 15 minutes to a few hours; this is room for a household behind one address. */
const FEED_PER_IP: RateLimit = { max: 240, windowMs: 60 * 60_000, message: 'This calendar was fetched too often from this network. Try again later.' };

const FeedToken = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, { message: 'must be a calendar feed token' }) });

const feedUrl = (base: string, token: string) => `${base.replace(/\/$/, '')}/calendar/${token}.ics`;

export const calendarFeedRoutes = [
  defineRoute({
    operationId: 'getCalendarFeed',
    method: 'get',
    path: '/api/profile/calendar-feed',
    summary: 'Whether I have a secret calendar feed, and since when (its address was shown once, when made)',
    tag: 'calendar',
    access: USER,
    response: { status: 200, schema: CalendarFeedResponse, description: 'The feed, without its secret.' },
    async handler({ user }, deps) {
      const [row] = (await deps.dataSource.query('SELECT created_at FROM calendar_feeds WHERE user_id = $1', [user!.id])) as { created_at: Date }[];
      return { body: { feed: { active: Boolean(row), createdAt: row ? new Date(row.created_at).toISOString() : null } } };
    },
  }),
  defineRoute({
    operationId: 'createCalendarFeed',
    method: 'post',
    path: '/api/profile/calendar-feed',
    summary: 'Make (or replace) my secret calendar address with every appointment of my families; an old address stops working',
    tag: 'calendar',
    access: USER,
    response: { status: 201, schema: CalendarFeedResponse, description: 'The new feed; `url` is shown this once (only its hash is kept).' },
    async handler({ user }, deps) {
      const { token, hash } = newToken();
      const [row] = (await deps.dataSource.query(
        `INSERT INTO calendar_feeds (user_id, token_hash) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now() RETURNING created_at`,
        [user!.id, hash],
      )) as { created_at: Date }[];
      return { status: 201, body: { feed: { active: true, createdAt: new Date(row!.created_at).toISOString(), url: feedUrl(deps.config.appBaseUrl, token) } } };
    },
  }),
  defineRoute({
    operationId: 'revokeCalendarFeed',
    method: 'delete',
    path: '/api/profile/calendar-feed',
    summary: 'Stop my secret calendar address: calendar apps subscribed to it get nothing more',
    tag: 'calendar',
    access: USER,
    response: { status: 204, description: 'Revoked (also when there was none).' },
    async handler({ user }, deps) {
      await deps.dataSource.query('DELETE FROM calendar_feeds WHERE user_id = $1', [user!.id]);
      return {};
    },
  }),
  defineRoute({
    operationId: 'calendarFeed',
    method: 'get',
    path: '/calendar/:token.ics',
    summary: 'The secret iCalendar feed (text/calendar): every appointment of every family of its owner, and their own shifts; the token is the only credential',
    tag: 'calendar',
    access: PUBLIC,
    params: FeedToken,
    response: { status: 200, description: 'A VCALENDAR (RFC 5545) with one VEVENT per series and per changed occurrence.' },
    async handler({ params, ctx }, deps) {
      await takeRateToken(deps.dataSource, deps.config, `calendar-feed:ip:${ctx.ip}`, FEED_PER_IP);
      const [feed] = (await deps.dataSource.query(
        'SELECT f.user_id, u.language FROM calendar_feeds f JOIN users u ON u.id = f.user_id WHERE f.token_hash = $1',
        [hashToken(params.token)],
      )) as { user_id: string; language: string | null }[];
      // Revoked, replaced and made-up addresses look the same.
      if (!feed) throw notFound('This calendar');
      // The owner's words around the names (a feed is read by one person's calendar app).
      const lang = messageLanguage(feed.language);
      const events = [...(await calendarAppointments(deps.dataSource, { userId: feed.user_id }, lang)), ...(await calendarShifts(deps.dataSource, feed.user_id, lang))];
      const body = calendarFeed(events, { now: new Date().toISOString(), name: 'CareCircle' });
      await recordAudit(deps.dataSource, {
        ...originOf(ctx),
        familyId: null,
        userId: feed.user_id,
        action: 'read',
        resourceType: 'calendar_feed',
        resourceId: null,
        outcome: 'allowed',
        operation: 'calendarFeed',
      });
      ctx.type = 'text/calendar; charset=utf-8';
      // Health data behind a secret: no shared cache may keep it after a revoke.
      ctx.set('Cache-Control', 'private, no-store');
      return { body };
    },
  }),
];
