import { RecipientInput, RecipientList, RecipientPatch, RecipientResponse } from '../contracts/families';
import { CareRecipientEntity } from '../db/entities/care-recipient';
import { publishFamilyEvent } from '../events/publisher';
import { FamilyParams, RecipientParams } from '../families/params';
import { presentRecipient } from '../families/presenters';
import { notFound } from '../http/errors';
import { ADMINS, ANY_MEMBER, CAREGIVERS, defineRoute } from '../http/route';
import { moveSchedules, tellMovedSchedules } from '../medications/recipient-zone';

export const recipientRoutes = [
  defineRoute({
    operationId: 'listRecipients',
    method: 'get',
    path: '/api/families/:familyId/recipients',
    summary: 'People this family cares for',
    tag: 'recipients',
    access: ANY_MEMBER,
    params: FamilyParams,
    response: { status: 200, schema: RecipientList, description: 'The care recipients.' },
    async handler({ params }, deps) {
      const rows = await deps.dataSource
        .getRepository(CareRecipientEntity)
        .find({ where: { familyId: params.familyId }, order: { createdAt: 'ASC' } });
      return { body: { recipients: rows.map(presentRecipient) } };
    },
  }),
  defineRoute({
    operationId: 'createRecipient',
    method: 'post',
    path: '/api/families/:familyId/recipients',
    summary: 'Add a person the family cares for, with their time zone',
    tag: 'recipients',
    access: CAREGIVERS,
    params: FamilyParams,
    body: RecipientInput,
    response: { status: 201, schema: RecipientResponse, description: 'The new care recipient.' },
    async handler({ params, body }, deps) {
      const recipient = await deps.dataSource.transaction(async (m) => {
        const saved = await m.getRepository(CareRecipientEntity).save({ familyId: params.familyId, ...body });
        await publishFamilyEvent(m, params.familyId, { type: 'recipient.created', recipient: presentRecipient(saved) });
        return saved;
      });
      return { body: { recipient: presentRecipient(recipient) } };
    },
  }),
  defineRoute({
    operationId: 'updateRecipient',
    method: 'patch',
    path: '/api/families/:familyId/recipients/:recipientId',
    summary: "Change a care recipient's name or time zone (their medication schedules follow a new zone from the next dose)",
    tag: 'recipients',
    access: CAREGIVERS,
    params: RecipientParams,
    body: RecipientPatch,
    response: { status: 200, schema: RecipientResponse, description: 'The updated care recipient.' },
    async handler({ params, body }, deps) {
      const { recipient, running } = await deps.dataSource.transaction(async (m) => {
        const repo = m.getRepository(CareRecipientEntity);
        const where = { id: params.recipientId, familyId: params.familyId };
        const result = await repo.update(where, body);
        if (!result.affected) throw notFound('This care recipient');
        const updated = await repo.findOneByOrFail(where);
        await publishFamilyEvent(m, params.familyId, { type: 'recipient.updated', recipient: presentRecipient(updated) });
        // A move: their medication schedules follow, from the next dose.
        return { recipient: updated, running: body.timeZone === undefined ? [] : await moveSchedules(m, updated.id, updated.timeZone) };
      });
      await tellMovedSchedules(deps, running);
      return { body: { recipient: presentRecipient(recipient) } };
    },
  }),
  defineRoute({
    operationId: 'deleteRecipient',
    method: 'delete',
    path: '/api/families/:familyId/recipients/:recipientId',
    summary: 'Remove a care recipient',
    tag: 'recipients',
    access: ADMINS,
    params: RecipientParams,
    response: { status: 204, description: 'The care recipient is gone.' },
    async handler({ params }, deps) {
      await deps.dataSource.transaction(async (m) => {
        const result = await m.getRepository(CareRecipientEntity).delete({ id: params.recipientId, familyId: params.familyId });
        if (!result.affected) throw notFound('This care recipient');
        await publishFamilyEvent(m, params.familyId, { type: 'recipient.deleted', recipientId: params.recipientId });
      });
      return {};
    },
  }),
];
