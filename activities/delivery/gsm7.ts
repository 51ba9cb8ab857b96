/*
 * An SMS written only in the GSM-7 alphabet goes out in 160-character parts; one character
 * outside it (’ « » · ê ç …) turns the whole message into UCS-2 and 70-character parts, so
 * a French SMS cost two or three parts. SMS texts therefore use straight quotes and avoid
 * letters GSM-7 lacks; push and email keep their typography.
 */

const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: allowed, each costs two septets. */
const EXTENSION = '^{}\\[~]|€\f';
const GSM7 = new Set([...BASIC, ...EXTENSION]);

/** The characters of `text` outside GSM-7 (empty when the SMS fits in 160-character parts). */
export const nonGsm7 = (text: string): string[] => [...new Set([...text].filter((ch) => !GSM7.has(ch)))];

/**
 * The typography push and email share with an SMS, made GSM-7: ’ → ', « … » → "…", no-break
 * spaces → spaces, and the month "août" in its 1990 spelling "aout" (dates come from Intl). Other
 * words are not transliterated: SMS wording avoids ê, ç, î, ô, û itself.
 */
export const smsTypography = (text: string): string =>
  text
    .replace(/[’‘]/g, "'")
    .replace(/«[ \u00A0\u202F]*/g, '"')
    .replace(/[ \u00A0\u202F]*»/g, '"')
    .replace(/[\u00A0\u202F]/g, ' ')
    .replace(/\baoût\b/g, 'aout');
