import { EntitySchema } from 'typeorm';

/** One failed login, counted per account and per IP inside a sliding window (shared by all API replicas). */
export interface LoginFailure {
  id: string;
  emailKey: string;
  ip: string;
  at: Date;
}

export const LoginFailureEntity = new EntitySchema<LoginFailure>({
  name: 'LoginFailure',
  tableName: 'login_failures',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    emailKey: { type: 'text', name: 'email_key' },
    ip: { type: 'text' },
    at: { type: 'timestamptz' },
  },
});
