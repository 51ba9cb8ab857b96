import { EntitySchema } from 'typeorm';

/** One failed login, counted per account and per IP inside a sliding window (shared by all API replicas). */
export interface LoginFailure {
  id: string;
  emailKey: string;
  ip: string;
  /** The known browser it came from (api/auth/known-device.ts); null for any other. */
  deviceId: string | null;
  at: Date;
}

export const LoginFailureEntity = new EntitySchema<LoginFailure>({
  name: 'LoginFailure',
  tableName: 'login_failures',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    emailKey: { type: 'text', name: 'email_key' },
    ip: { type: 'text' },
    deviceId: { type: 'text', name: 'device_id', nullable: true },
    at: { type: 'timestamptz' },
  },
});
