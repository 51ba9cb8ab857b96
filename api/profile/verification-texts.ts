import type { MessageLanguage } from '../../activities/delivery/language';

/** The words of a verification link or code, in the language of the account being proven. */
export const verificationTexts = {
  en: {
    emailSubject: 'Confirm your email address for CareCircle',
    emailBody:
      'Open this link to confirm that this address is yours. Until then, CareCircle sends you no family messages by email and you cannot join a family. The link works once, for 24 hours.',
    smsCode: (code: string) => `CareCircle code: ${code}. It expires in 10 minutes. If you did not ask for it, ignore this message.`,
  },
  fr: {
    emailSubject: 'Confirmez votre adresse e-mail pour CareCircle',
    emailBody:
      'Ouvrez ce lien pour confirmer que cette adresse est bien la vôtre. D’ici là, CareCircle ne vous envoie aucun message de la famille par e-mail et vous ne pouvez pas rejoindre de famille. Le lien fonctionne une fois, pendant 24 heures.',
    smsCode: (code: string) => `Code CareCircle : ${code}. Il expire dans 10 minutes. Si vous ne l’avez pas demandé, ignorez ce message.`,
  },
} satisfies Record<MessageLanguage, unknown>;
