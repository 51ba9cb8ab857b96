export const auth = {
  notFound: {
    title: 'Page not found',
    body: 'This address does not lead anywhere in CareCircle.',
    home: 'Go to your families',
  },
};
