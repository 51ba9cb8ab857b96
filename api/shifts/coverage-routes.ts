import { z } from 'zod';
import { Uuid } from '../contracts/common';
import { CoverageResponse } from '../contracts/shifts';
import { FamilyParams } from '../families/params';
import { ANY_MEMBER, CAREGIVERS, defineRoute } from '../http/route';
import { coverageBoard } from './coverage';
import { toCsv } from './csv';

const query = {
  careRecipientId: { description: 'Only this care recipient (all when left out).', schema: Uuid.optional() },
  weeks: { description: 'Weeks of hours back from this one (4 when left out, at most 26); the next two weeks are always in.', schema: z.coerce.number().int().min(1).max(26).default(4) },
};

export const coverageRoutes = [
  defineRoute({
    operationId: 'getCoverage',
    method: 'get',
    path: '/api/families/:familyId/coverage',
    summary: 'The coverage board: who is on now and next, open shifts and gaps in the next 14 days, hours per person per week',
    tag: 'shifts',
    access: ANY_MEMBER,
    audit: { action: 'read', resource: 'coverage' },
    params: FamilyParams,
    query,
    response: { status: 200, schema: CoverageResponse, description: 'The board as of `now`.' },
    async handler({ params, query }, deps) {
      return { body: await coverageBoard(deps.dataSource, params.familyId, Date.now(), query) };
    },
  }),
  defineRoute({
    operationId: 'downloadHoursCsv',
    method: 'get',
    path: '/api/families/:familyId/coverage/hours.csv',
    summary: 'Hours per person per week as CSV (text/csv) for a spreadsheet: scheduled and worked (check-in to check-out)',
    tag: 'shifts',
    access: CAREGIVERS,
    audit: { action: 'read', resource: 'coverage' },
    params: FamilyParams,
    query,
    response: { status: 200, description: 'CSV with a header row: week_start, person, scheduled_hours, worked_hours, shifts.' },
    async handler({ params, query, ctx }, deps) {
      const board = await coverageBoard(deps.dataSource, params.familyId, Date.now(), query);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set('Content-Disposition', 'attachment; filename="shift-hours.csv"');
      // Names and hours of the family's people: no shared cache keeps them.
      ctx.set('Cache-Control', 'private, no-store');
      const rows = board.hours.map((h) => [h.weekStart, h.displayName, h.scheduledHours, h.workedHours, h.shifts]);
      return { body: toCsv(['week_start', 'person', 'scheduled_hours', 'worked_hours', 'shifts'], rows) };
    },
  }),
];
