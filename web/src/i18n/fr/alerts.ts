import { capital } from '../capital';
import type { alerts as english } from '../en/alerts';

const times = (n: number) => (n < 2 ? 'une fois' : `${n} fois`);

export const alerts: typeof english = {
  kinds: {
    medication: 'Dose non confirmée',
    appointment: 'Rendez-vous sans accompagnant',
    shift: 'Garde non assurée',
    emergency: 'Urgence',
    test: 'Alerte d’essai',
  },
  channels: { push: 'Notification', sms: 'SMS', email: 'E-mail' },
  via: {
    app: 'dans l’application',
    push: 'depuis une notification',
    sms: 'par SMS',
    email: 'depuis le lien d’un e-mail',
  },
  words: {
    you: 'vous',
    nobody: 'personne',
    someone: 'quelqu’un',
    formerMember: 'un ancien membre',
    list: (names: string[]) => `${names.slice(0, -1).join(', ')} et ${names[names.length - 1]}`,
  },
  subject: {
    dose: (medication: string, time: string) => `${medication} · dose de ${time}`,
    unreachedPrefix: 'Personne n’a répondu : ',
  },
  paging: {
    now: (how, who, you) => {
      if (how === 'any') return you ? 'Nous vous prévenons' : `Nous prévenons ${who}`;
      const what = { sms: 'un SMS', email: 'un e-mail', push: 'une notification' }[how];
      return you ? `Nous vous envoyons ${what}` : `Nous envoyons ${what} à ${who}`;
    },
    next: (who, at, by, byYou, several) =>
      ` ; puis ${who} à ${at} si ${several ? 'personne ne répond' : byYou ? 'vous ne répondez pas' : `${by} ne répond pas`}`,
  },
  status: {
    notConfirmedYet: 'Pas encore confirmée ; nous prévenons la famille',
    contactingFamily: 'Nous prévenons la famille',
    onIt: (who, you) => (you ? 'Vous vous en occupez' : `${capital(who)} s’en occupe`),
    until: (time) => ` jusqu’à ${time}`,
    answered: (via) => ` (réponse ${via})`,
    given: (late, time, who) => `Dose donnée${late ? ' en retard' : ''} à ${time} par ${who}`,
    skipped: (who) => `Dose non donnée, notée par ${who}`,
    resolved: (who, note) => `Réglée${who ? ` par ${who}` : ''}${note ? ` : ${note}` : ''}`,
    unreached: 'Personne n’a répondu',
    cancelled: 'Annulée',
    failed: 'Arrêtée par une panne du système : plus personne n’est prévenu',
  },
  dose: {
    notGivenYet: (state) => `Pas encore donnée · ${state}`,
  },
  timeline: {
    raisedBy: (who) => `Signalée par ${who}`,
    started: 'Début de l’alerte',
    firstRound: 'Nous commençons à prévenir la famille',
    nextRound: 'Personne n’a répondu ; nous prévenons de nouveau tout le monde',
    nextStep: 'Toujours pas de réponse ; nous prévenons les personnes suivantes',
    notReached: (who, you, channel) => (you ? `Impossible de vous joindre par ${channel}` : `Impossible de joindre ${who} par ${channel}`),
    sent: (how, who, you) =>
      you
        ? { sms: 'Un SMS vous a été envoyé', email: 'Un e-mail vous a été envoyé', push: 'Une notification vous a été envoyée', other: 'Un message vous a été envoyé' }[how]
        : { sms: `SMS envoyé à ${who}`, email: `E-mail envoyé à ${who}`, push: `Notification envoyée à ${who}`, other: `Message envoyé à ${who}` }[how],
    acknowledged: (who, you, via) => `${you ? 'Vous avez' : `${capital(who)} a`} pris le relais ${via}`.trim(),
    claimed: (who, you, via) => `${you ? 'Vous avez' : `${capital(who)} a`} pris le relais pour un moment ${via}`.trim(),
    claimExpired: (who, you) => `${you ? 'Vous ne l’avez' : `${capital(who)} ne l’a`} pas clôturée à temps ; nous prévenons de nouveau la famille`,
    resolved: (who, you, note) => `${you ? 'Vous l’avez réglée' : `${who} l’a réglée`}${note === null ? '' : ` : ${note}`}`,
    empty: 'Il ne s’est encore rien passé.',
    label: 'Ce qui s’est passé',
  },
  card: {
    raisedBy: (who) => `Signalée par ${who}`,
    started: 'Début de l’alerte',
    checkYourself: (about) => (about ? `Merci d’aller voir ${about} vous-même dès maintenant.` : 'Merci d’aller voir vous-même dès maintenant.'),
    call: (number) => `Appeler les secours (${number})`,
    openThis: 'Ouvrir cette alerte',
    details: 'Détails',
    checkedHide: 'J’ai vérifié : masquer',
    dismiss: 'Masquer',
  },
  banner: {
    open: 'Alertes en cours',
    otherOpen: 'Autres alertes en cours',
    announce: (subject, raisedBy, note, status) =>
      `${subject}${raisedBy ? `, signalée par ${raisedBy}` : ''}${note ? ` : ${note}` : ''}. ${status}.`,
  },
  actions: {
    onIt: 'Je m’en occupe',
    resolveWithNote: 'Clore avec une note',
    howResolved: 'Comment cela s’est-il réglé ?',
    resolve: 'Clore',
  },
  list: {
    title: 'Alertes',
    loading: 'Chargement…',
    nothingOpen: 'Aucune alerte en cours. Tout le monde est pris en charge.',
    openCount: (n) => (n < 2 ? 'Une alerte est en cours : voir ci-dessus.' : `${n} alertes sont en cours : voir ci-dessus.`),
    recent: 'Récentes',
    recentLabel: 'Alertes récentes',
    none: 'Aucune alerte pour l’instant.',
    loadFailed: 'Impossible de charger les alertes.',
    states: {
      active: 'En cours',
      claimed: 'Quelqu’un s’en occupe',
      acknowledged: 'Quelqu’un s’en occupe',
      resolved: 'Réglée',
      unreached: 'Personne n’a répondu',
      cancelled: 'Annulée',
      failed: 'Arrêtée',
    },
  },
  detail: {
    back: '← Toutes les alertes',
    notFound: 'Cette alerte n’existe pas dans cette famille.',
    loadFailed: 'Impossible de charger cette alerte.',
    finished: (when) => `Terminée le ${when}`,
    timeline: 'Chronologie',
    messages: 'Messages envoyés',
  },
  emergency: {
    button: 'Urgence',
    title: 'Signaler une urgence ?',
    explain: 'Tous les membres de la famille sont prévenus par tous les moyens, encore et encore, jusqu’à ce que quelqu’un réponde.',
    about: 'Concerne',
    nobodyInParticular: 'Personne en particulier',
    whatIsHappening: 'Que se passe-t-il ? (facultatif)',
    pageEveryone: 'Prévenir tout le monde maintenant',
    raised: 'Urgence signalée. Toute la famille est prévenue jusqu’à ce que quelqu’un réponde.',
  },
  policy: {
    back: '← Personnes aidées',
    title: (name) => `Chaîne d’alerte${name ? ` pour ${name}` : ''}`,
    lead: (name) =>
      `Quand un rappel${name ? ` concernant ${name}` : ''} reste sans réponse, ces personnes sont prévenues dans l’ordre jusqu’à ce que quelqu’un réponde. En cas d’urgence, tout le monde est prévenu.`,
    loading: 'Chargement…',
    loadFailed: 'Impossible de charger la chaîne d’alerte.',
    saved: 'Chaîne d’alerte enregistrée.',
    fixFields: 'Merci de corriger les champs signalés.',
    defaultTag: 'Réglage par défaut',
    defaultExplain: 'Rien n’est encore enregistré : voici ce qui se passe aujourd’hui.',
    repeat: 'Parcourir toute la chaîne',
    times,
    save: 'Enregistrer la chaîne d’alerte',
    stepsLabel: 'Étapes de la chaîne',
    addStep: 'Ajouter une étape',
    step: (n) => `Étape ${n}`,
    whoIsPaged: 'Qui est prévenu',
    everyone: 'Toute la famille',
    everyoneWithRole: 'Toutes les personnes d’un même rôle',
    rolePaged: (n) => `Rôle prévenu à l’étape ${n}`,
    rolePlural: (role) => `${role}s`,
    everyOfRole: (role) => `Chaque ${role.toLowerCase()}`,
    specificPeople: 'Certaines personnes',
    channels: 'Moyens de contact',
    wait: 'Attente avant l’étape suivante (minutes)',
    moveUp: 'Monter',
    moveDown: 'Descendre',
    whichStep: (n) => ` l’étape ${n}`,
    remove: (n) => `Supprimer l’étape ${n}`,
    summaryStep: (n, who) => `Étape ${n} : ${who}`,
    summaryWait: (channels, minutes) => `${channels} · puis ${minutes} min d’attente`,
    summaryRuns: (n) => `Toute la chaîne est parcourue ${times(n)} avant d’abandonner et de prévenir les administrateurs.`,
  },
};
