import type { auth as english } from '../en/auth';

export const auth: typeof english = {
  notFound: {
    title: 'Page introuvable',
    body: 'Cette adresse ne mène nulle part dans CareCircle.',
    home: 'Aller à vos familles',
  },
};
