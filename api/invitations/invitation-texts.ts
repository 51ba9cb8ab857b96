import type { Role } from '../contracts/common';
import type { AppDeps } from '../deps';
import { messageLanguage, type MessageLanguage } from '../../activities/delivery/language';

/**
 * An invitee who already has an account reads it in their own language; someone new is
 * most likely to share the inviter's (their account does not exist yet to say otherwise).
 */
export async function inviteeLanguage(deps: AppDeps, email: string, inviterLanguage: string | null): Promise<MessageLanguage> {
  const rows = (await deps.dataSource.query(`SELECT language FROM users WHERE email = $1`, [email])) as { language: string | null }[];
  return messageLanguage(rows[0]?.language ?? inviterLanguage);
}

const ROLE_FR: Record<Role, string> = { admin: 'administrateur', caregiver: 'aidant', viewer: 'observateur' };

export const invitationTexts = {
  en: {
    lang: 'en' as MessageLanguage,
    subject: (family: string) => `You are invited to join ${family} on CareCircle`,
    body: (family: string, role: Role, expires: string) =>
      `You have been invited to help care for someone in "${family}" as a ${role}. The link works once and expires on ${expires}.`,
  },
  fr: {
    lang: 'fr' as MessageLanguage,
    subject: (family: string) => `Vous êtes invité à rejoindre ${family} sur CareCircle`,
    body: (family: string, role: Role, expires: string) =>
      `Vous êtes invité à aider à prendre soin d’un proche dans « ${family} », en tant qu’${ROLE_FR[role]}. Le lien fonctionne une fois et expire le ${expires}.`,
  },
} satisfies Record<MessageLanguage, unknown>;
