import type { z } from 'zod';

type Issue = Parameters<NonNullable<z.core.$ZodConfig['customError']>>[0];

const plural = (n: number | bigint, one: string, many: string) => `${n} ${Number(n) === 1 ? one : many}`;

/**
 * The words a person reads beside a field when zod's own would be jargon ("Too small:
 * expected string to have >=1 characters"). Messages written on a schema win over these;
 * anything not listed keeps zod's wording. Shared by the API and the SPA.
 */
export function friendlyError(iss: Issue): string | undefined {
  switch (iss.code) {
    case 'too_small':
      if (iss.origin === 'string') return Number(iss.minimum) <= 1 ? 'Please fill this in.' : `Use at least ${plural(iss.minimum, 'character', 'characters')}.`;
      if (iss.origin === 'array' || iss.origin === 'set') return Number(iss.minimum) <= 1 ? 'Choose at least one.' : `Choose at least ${iss.minimum}.`;
      if (iss.origin === 'number' || iss.origin === 'int') return `Use ${iss.minimum} or more.`;
      return undefined;
    case 'too_big':
      if (iss.origin === 'string') return `Keep it to ${plural(iss.maximum, 'character', 'characters')} or fewer.`;
      if (iss.origin === 'array' || iss.origin === 'set') return `Choose at most ${iss.maximum}.`;
      if (iss.origin === 'number' || iss.origin === 'int') return `Use ${iss.maximum} or less.`;
      return undefined;
    case 'invalid_type':
      if (iss.input === undefined || iss.input === null) return 'Please fill this in.';
      if (iss.expected === 'number' || iss.expected === 'int') return 'Enter a number.';
      return 'This value is not valid here.';
    case 'invalid_format':
      if (iss.format === 'email') return 'Enter an email address such as name@example.com.';
      if (iss.format === 'uuid' || iss.format === 'guid') return 'This link or choice is not valid any more. Please reload the page.';
      if (iss.format === 'datetime' || iss.format === 'date') return 'Enter a valid date.';
      return undefined;
    case 'invalid_value':
      return 'Choose one of the options.';
    case 'unrecognized_keys':
      return `Unexpected ${iss.keys.length === 1 ? 'field' : 'fields'}: ${iss.keys.join(', ')}.`;
    // Their own messages are written where they are declared, or are about shapes no form sends.
    case 'custom':
    case 'invalid_element':
    case 'invalid_key':
    case 'invalid_union':
    case 'not_multiple_of':
      return undefined;
    default: {
      const never: never = iss;
      return never;
    }
  }
}
