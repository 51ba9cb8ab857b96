import { AdherenceResponse, TodayResponse } from '../contracts/medication-views';
import { FamilyParams } from '../families/params';
import { ANY_MEMBER, defineRoute } from '../http/route';
import { MAX_ADHERENCE_DAYS, familyAdherence } from './adherence';
import { daysParam, daysQuery } from './days-query';
import { familyToday } from './today';

/** The family-wide views of doses: what is due today, and how doses went lately. */
export const familyDoseRoutes = [
  defineRoute({
    operationId: 'todayDoses',
    method: 'get',
    path: '/api/families/:familyId/today',
    summary: "Today's doses of every schedule, each on its recipient's calendar: outcomes, and where open ones stand",
    tag: 'medications',
    access: ANY_MEMBER,
    audit: { action: 'read', resource: 'today' },
    params: FamilyParams,
    response: { status: 200, schema: TodayResponse, description: 'By due instant; an open dose from yesterday (escalating past midnight) comes first.' },
    async handler({ params }, deps) {
      return { body: { doses: await familyToday(deps, params.familyId) } };
    },
  }),
  defineRoute({
    operationId: 'medicationAdherence',
    method: 'get',
    path: '/api/families/:familyId/adherence',
    summary: `Recorded dose outcomes over the last ?days= days (30 unless given, at most ${MAX_ADHERENCE_DAYS}), per day and per medication`,
    tag: 'medications',
    access: ANY_MEMBER,
    audit: { action: 'read', resource: 'adherence' },
    params: FamilyParams,
    query: daysParam(30, MAX_ADHERENCE_DAYS),
    response: { status: 200, schema: AdherenceResponse, description: 'Every day of the period, zero-filled; percentages are null where nothing was recorded.' },
    async handler({ params, ctx }, deps) {
      const days = daysQuery(ctx.query.days, 30, MAX_ADHERENCE_DAYS);
      return { body: await familyAdherence(deps.dataSource, params.familyId, days) };
    },
  }),
];
