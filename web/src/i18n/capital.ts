/** The sentence with its first letter a capital: names and catalog phrases may open a sentence ("ben is on it" → "Ben is on it"). */
export const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
