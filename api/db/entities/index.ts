import { CareRecipientEntity } from './care-recipient';
import { EscalationEntity } from './escalation';
import { FamilyEntity, MembershipEntity } from './family';
import { InvitationEntity } from './invitation';
import { LoginFailureEntity } from './login-failure';
import { OutboxMessageEntity } from './outbox-message';
import { SessionEntity } from './session';
import { UserEntity } from './user';

export const entities = [
  UserEntity,
  SessionEntity,
  LoginFailureEntity,
  FamilyEntity,
  MembershipEntity,
  InvitationEntity,
  CareRecipientEntity,
  OutboxMessageEntity,
  EscalationEntity,
];
