import type { common as english } from '../en/common';

export const common: typeof english = {
  save: 'Enregistrer',
  cancel: 'Annuler',
  minutes: (n: number) => (n < 2 ? `${n} minute` : `${n} minutes`),
};
