import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** A family with two caregivers, an admin and a viewer, and one care recipient. Names are synthetic. */
export async function seedFamily(ds: DataSource) {
  const [family] = await ds.query(`INSERT INTO families (name) VALUES ('The Martins') RETURNING id`);
  const member = async (role: string) => {
    const [user] = await ds.query(
      `INSERT INTO users (email, password_hash, display_name, time_zone, email_verified_at) VALUES ($1, 'x', 'Someone', 'Europe/Paris', now()) RETURNING id`,
      [`${role}-${randomUUID()}@example.test`],
    );
    await ds.query('INSERT INTO memberships (family_id, user_id, role) VALUES ($1, $2, $3)', [family.id, user.id, role]);
    return user.id as string;
  };
  const admin = await member('admin');
  const anna = await member('caregiver');
  const ben = await member('caregiver');
  const viewer = await member('viewer');
  const [recipient] = await ds.query(
    `INSERT INTO care_recipients (family_id, display_name, time_zone) VALUES ($1, 'Grandma', 'Europe/Paris') RETURNING id`,
    [family.id],
  );
  return { familyId: family.id as string, recipientId: recipient.id as string, admin, anna, ben, viewer };
}
