import type { AppDeps } from '../deps';
import { messageLanguage, type MessageLanguage } from '../../activities/delivery/language';
import { DOSE_ALREADY_ANSWERED, DOSE_NOT_DUE_YET, EARLY_ANSWER_MINUTES, REASON_REQUIRED, WRONG_DOSE } from '../../workflows/medication/messages';
import { refusalByType } from './sms-refusal';
import { DOSE_RECORDED_MISSED } from '../medications/missed-dose-refusal';

/** The language of the verified owner of the phone a reply came from (English for an unknown number). */
export async function replyLanguage(deps: AppDeps, phone: string): Promise<MessageLanguage> {
  const rows = (await deps.dataSource.query(`SELECT language FROM users WHERE phone = $1 AND phone_verified_at IS NOT NULL LIMIT 1`, [phone])) as {
    language: string | null;
  }[];
  return messageLanguage(rows[0]?.language);
}

/** What we text back to an SMS reply. Reply words (TAKEN, SKIP, CLAIM) stay those the webhook reads, in either language. */
export const smsReplyTexts = {
  en: {
    unknown: 'CareCircle: reply with the 4-digit code from the alert, e.g. "4821", TAKEN / SKIP <reason> to a medication reminder, or IN / OUT <note> for your shift.',
    noAlert: (code: string) => `CareCircle: no open alert with code ${code} for this phone. It may already be handled.`,
    claimed: "CareCircle: thanks, you're on it. We'll check back if it is not resolved.",
    acknowledged: "CareCircle: thanks, you've got it. Everyone else has been stood down.",
    skipNeedsReason: 'CareCircle: say why the dose was not given, e.g. "SKIP asleep".',
    noDose: 'CareCircle: no dose is waiting for an answer from this phone. It may already be recorded.',
    severalDoses: (n: number, url: string) => `CareCircle: ${n} doses are waiting; please answer in the app: ${url}`,
    skipped: (time: string) => `CareCircle: noted, the ${time} dose was not given.`,
    taken: (time: string) => `CareCircle: thanks, the ${time} dose is marked given.`,
    /** The workflow's own refusal, as it wrote it (workflow code is not translated). */
    refused: (type: string, _time: string, workflowMessage: string) => refusalByType('CareCircle: ', {}, type, workflowMessage),
  },
  fr: {
    unknown:
      `CareCircle : répondez avec le code à 4 chiffres de l'alerte, par exemple "4821", TAKEN / SKIP <raison> à un rappel de médicament, ou IN / OUT <note> pour votre garde.`,
    noAlert: (code: string) => `CareCircle : aucune alerte ouverte avec le code ${code} pour ce téléphone. Elle a sans doute déjà été réglée.`,
    claimed: "CareCircle : merci, vous vous en occupez. Nous reviendrons vers vous si ce n'est pas réglé.",
    acknowledged: "CareCircle : merci, c'est noté. Les autres personnes ne sont plus sollicitées.",
    skipNeedsReason: `CareCircle : dites pourquoi la dose n'a pas été donnée, par exemple "SKIP endormie".`,
    noDose: "CareCircle : aucune dose n'attend de réponse de ce téléphone. Elle a sans doute déjà été enregistrée.",
    severalDoses: (n: number, url: string) => `CareCircle : ${n} doses attendent une réponse ; merci de répondre dans l'application : ${url}`,
    skipped: (time: string) => `CareCircle : c'est noté, la dose de ${time} n'a pas été donnée.`,
    taken: (time: string) => `CareCircle : merci, la dose de ${time} est marquée comme donnée.`,
    /** The workflow writes its refusals in English; the ones an SMS can meet are said again here by their type. */
    refused: (type: string, time: string, workflowMessage: string) =>
      refusalByType(
        'CareCircle : ',
        {
          [DOSE_ALREADY_ANSWERED]: `une réponse a déjà été donnée pour la dose de ${time}.`,
          [DOSE_RECORDED_MISSED]: `la dose de ${time} est notée manquée : personne n'a répondu à temps. Si elle a été donnée, corrigez-la dans l'application.`,
          [DOSE_NOT_DUE_YET]: `la dose de ${time} n'est pas encore à donner : vous pourrez y répondre à partir de ${EARLY_ANSWER_MINUTES / 60} heures avant.`,
          [WRONG_DOSE]: `la dose de ${time} n'est plus celle qui attend une réponse.`,
          [REASON_REQUIRED]: "dites pourquoi la dose n'a pas été donnée.",
        },
        type,
        workflowMessage,
      ),
  },
} satisfies Record<MessageLanguage, unknown>;
