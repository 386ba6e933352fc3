import { DICTIONARIES, type MessageKey } from '../../i18n/i18n.js';

/** A worksheet section's title: the translated name of a known section, else its key as written. */
export function sectionTitle(t: (key: MessageKey) => string, key: string): string {
  const k = `worksheet.section.${key}`;
  return k in DICTIONARIES.en ? t(k as MessageKey) : key;
}
