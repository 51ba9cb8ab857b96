/** Words many screens share. A message with values is a function, so French can order them its own way. */
export const common = {
  save: 'Save',
  cancel: 'Cancel',
  minutes: (n: number) => (n === 1 ? '1 minute' : `${n} minutes`),
};
