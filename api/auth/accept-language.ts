import type { Language } from '../contracts/auth';

/**
 * The first of the browser's languages we write in, by its stated preference (q), or null.
 * Used at sign-up when the SPA did not say which language it was showing.
 */
export function firstSupportedLanguage(header: string | undefined): Language | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((l) => Number.isFinite(l.q) && l.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const hit = ranked.find((l) => l.base === 'en' || l.base === 'fr');
  return hit ? (hit.base as Language) : null;
}
