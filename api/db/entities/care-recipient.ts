import { EntitySchema } from 'typeorm';

export interface CareRecipient {
  id: string;
  familyId: string;
  displayName: string;
  /** IANA zone; every schedule for this person is wall-clock time here. */
  timeZone: string;
  createdAt: Date;
  updatedAt: Date;
}

export const CareRecipientEntity = new EntitySchema<CareRecipient>({
  name: 'CareRecipient',
  tableName: 'care_recipients',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    familyId: { type: 'uuid', name: 'family_id' },
    displayName: { type: 'text', name: 'display_name' },
    timeZone: { type: 'text', name: 'time_zone' },
    createdAt: { type: 'timestamptz', name: 'created_at', createDate: true },
    updatedAt: { type: 'timestamptz', name: 'updated_at', updateDate: true },
  },
});
