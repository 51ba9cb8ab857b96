import type { shiftForm as english } from '../en/shiftForm';

export const shiftForm: typeof english = {
  oneOff: {
    open: 'Ajouter une garde ponctuelle',
    title: 'Une garde ponctuelle',
    intro: 'Une garde hors de tout roulement : rappels, arrivée et remplacement comme pour les autres.',
    recipient: 'Personne aidée',
    date: 'Date',
    start: 'Début',
    end: 'Fin',
    zoneHint: (name: string, zone: string) => `Les heures sont celles de ${name} (${zone}). Une fin avant le début tombe le lendemain matin.`,
    assignee: 'Qui assure cette garde',
    leaveOpen: 'Personne pour l’instant : la proposer à la famille',
    tasks: 'Tâches (une par ligne, facultatif)',
    notes: 'Remarques (facultatif)',
    submit: 'Ajouter la garde',
    saving: 'Ajout en cours…',
    added: (date: string, start: string, end: string) => `Garde ajoutée : ${date}, ${start}–${end}.`,
    errors: {
      summary: 'La garde n’a pas été ajoutée. Vérifiez les champs signalés ci-dessous.',
      failed: 'Impossible d’ajouter la garde. Veuillez réessayer.',
      dateRequired: 'Choisissez le jour de la garde.',
      startRequired: 'Choisissez l’heure de début.',
      endRequired: 'Choisissez l’heure de fin.',
      sameTime: 'La garde doit finir après son début.',
      inPast: 'Cette heure de début est passée : on ne peut ajouter une garde qu’à l’avance.',
      tooLong: 'Une garde dure au plus 24 heures.',
    },
  },
};
