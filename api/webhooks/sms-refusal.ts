/**
 * A workflow's refusal texted back. Workflows write their refusals in English; a language
 * other than English says again, by failure type, the ones an SMS can meet (`said`, without
 * the brand). A type it does not know is sent in the workflow's English rather than lost.
 */
export function refusalByType(brand: string, said: Readonly<Record<string, string>>, type: string | null | undefined, workflowMessage: string): string {
  const known = type && Object.hasOwn(said, type) ? said[type] : undefined;
  return `${brand}${known ?? workflowMessage}`;
}
