/** A section's paragraphs as the server counts them (server/capabilities/plenary/sheetText.ts paragraphs()). */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/^[-•*·]\s*/, '').trim())
    .filter((l) => l.length > 0);
}
