import { pinyin } from 'pinyin-pro';

/**
 * Pinyin initials for search ("大米" → "dm"). Latin letters and digits in the name are
 * kept as they are, lower-cased; a name with neither falls back to itself, so the field
 * is never empty.
 */
export function pinyinInitials(name: string): string {
  const initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .replace(/[^0-9a-z]/gi, '')
    .toLowerCase();
  return (initials || name.trim()).slice(0, 120);
}
