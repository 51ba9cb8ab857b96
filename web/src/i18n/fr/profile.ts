import type { profile as english } from '../en/profile';

export const profile: typeof english = {
  page: {
    title: 'Votre profil',
    nameLabel: 'Votre nom',
    phoneLabel: 'Téléphone mobile',
    phoneHint:
      'Comme vous le composez chez vous, par exemple 06 12 34 56 78. Un nouveau numéro reçoit un code par SMS pour prouver qu’il est à vous. Laissez vide si vous n’en voulez pas.',
    phoneInvalid: 'Ce numéro ne ressemble pas à un numéro de mobile. Vérifiez le pays et les chiffres.',
    phoneStatus: 'Téléphone',
    zoneLabel: 'Votre fuseau horaire',
    save: 'Enregistrer le profil',
    saved: 'Profil enregistré.',
  },
  language: {
    label: 'Langue',
    hint: 'Pour cette application sur tous les appareils où vous vous connectez, et pour les SMS et e-mails que CareCircle vous envoie.',
  },
  status: {
    verified: 'vérifié',
    notVerified: 'non vérifié',
  },
  security: {
    title: 'Sécurité',
    body: 'Téléphone perdu, ou ordinateur partagé ? Fermez toutes les sessions de votre compte.',
    logoutAll: 'Se déconnecter de tous les appareils',
  },
  email: {
    label: 'E-mail :',
    warn: 'Ouvrez le lien que nous vous avons envoyé par e-mail pour confirmer cette adresse. D’ici là, vous ne recevez aucun message de la famille par e-mail et ne pouvez pas accepter d’invitation.',
    sent: 'Un nouveau lien est en route. Seuls les liens des dernières 24 heures fonctionnent.',
    resend: 'Renvoyer le lien',
  },
  phoneVerification: {
    title: 'Vérifiez votre téléphone',
    body: (phone: string) =>
      `Nous avons envoyé un code à 6 chiffres au ${phone}. Tant que vous ne l’avez pas saisi, CareCircle n’envoie aucun SMS à ce numéro et ignore ses réponses. Le code est valable 10 minutes.`,
    codeLabel: 'Code reçu par SMS',
    verify: 'Vérifier le téléphone',
    resend: 'Envoyer un nouveau code',
    verified: 'Numéro de téléphone vérifié.',
    resent: 'Un nouveau code est en route ; seul le plus récent fonctionne.',
  },
  phoneField: {
    country: 'Pays',
    number: 'Numéro',
  },
  notifications: {
    title: 'Comment vous joindre',
    loadError: 'Impossible de charger vos réglages de notifications.',
    loading: 'Chargement…',
    channelsLegend: 'Canaux, votre premier choix en haut',
    channelsHint: 'Si l’un échoue (un mauvais numéro, par exemple), nous essayons le suivant.',
    moveUp: (channel: string) => `Monter ${channel}`,
    moveDown: (channel: string) => `Descendre ${channel}`,
    smsNeedsPhone:
      'Les SMS demandent un numéro de mobile : ajoutez-en un à votre profil ci-dessus et saisissez le code que nous y envoyons. D’ici là, les SMS sont ignorés.',
    quietLegend: 'Heures calmes',
    quietCheck: 'Retenir les rappels courants la nuit',
    quietHint: 'Dans votre propre fuseau horaire. Les alertes et les urgences passent quand même.',
    from: 'De',
    until: 'À',
    save: 'Enregistrer les réglages de notifications',
    saved: 'Réglages de notifications enregistrés.',
  },
  push: {
    title: 'Notifications sur cet appareil',
    unsupported: 'Ce navigateur ne peut pas recevoir de notifications. Utilisez plutôt les SMS ou l’e-mail.',
    denied: 'Les notifications de CareCircle sont bloquées dans ce navigateur. Autorisez-les dans les paramètres du site, puis revenez ici.',
    on: 'Les notifications sont activées sur cet appareil.',
    off: 'Recevez les alertes sur ce téléphone ou cet ordinateur, avec un bouton « Je m’en occupe » directement sur la notification.',
    failed: 'Impossible de modifier les notifications.',
    notAllowed: 'Les notifications n’ont pas été autorisées. Vous pouvez les autoriser dans les paramètres du site de votre navigateur.',
    subscribeFailed: (detail: string) => `Ce navigateur n’a pas pu s’abonner aux notifications (${detail}). Réessayez plus tard.`,
    incomplete: 'Le navigateur a fourni un abonnement incomplet.',
    turnOn: 'Activer les notifications sur cet appareil',
    turnOff: 'Désactiver les notifications sur cet appareil',
  },
  timeZone: {
    label: 'Fuseau horaire',
    search: 'Chercher une ville ou un pays',
    localNow: (time: string) => `Heure locale actuelle : ${time}`,
    matches: (n: number) => (n < 2 ? `${n} lieu correspond` : `${n} lieux correspondent`),
    utc: 'UTC (sans heure d’été)',
  },
};
