/**
 * Splitting identifiers into lower-case words. Three splitters, kept apart because rules were tuned
 * on each one's exact output; the names say how they differ.
 */

/** `chatHistory` → chat, history; `state.turn_log` → state, turn, log; digits stay (`gpt4Turns` → gpt4, turns). */
export function camelWords(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** Like camelWords, and an acronym ends before the next word: `OPENAIApiKey` → openai, api, key. */
export function camelWordsSplittingAcronyms(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Letters only: digits and punctuation separate words and are dropped (`deleteV2Record` → delete, v, record). */
export function letterWords(text: string): string[] {
  return text.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/).filter(Boolean);
}
