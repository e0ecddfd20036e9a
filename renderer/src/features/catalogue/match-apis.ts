import type { ApiSummary } from '../../../../electron/shared/platform';

/** Splits `addSlide`, `add_slide` and `pptx.addSlide` into lower-case words. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * Filters the catalogue list as the person types: every query word must start a word of the API's name,
 * module or summary. Name matches rank first. An empty query keeps the registry's order.
 */
export function matchApis(apis: readonly ApiSummary[], query: string): ApiSummary[] {
  const wanted = words(query);
  if (wanted.length === 0) return [...apis];
  const scored: { api: ApiSummary; score: number }[] = [];
  for (const api of apis) {
    const nameWords = words(api.name);
    const otherWords = [...words(api.pack), ...words(api.summary)];
    let score = 0;
    for (const w of wanted) {
      if (nameWords.some((n) => n.startsWith(w))) score += 2;
      else if (otherWords.some((n) => n.startsWith(w))) score += 1;
      else {
        score = -1;
        break;
      }
    }
    if (score > 0) scored.push({ api, score });
  }
  return scored.sort((a, b) => b.score - a.score || a.api.name.localeCompare(b.api.name)).map((s) => s.api);
}
