import { pinyin } from 'pinyin-pro';

/**
 * Pinyin initials of a person's name, lower case: 张三 → zs. Surname mode reads a
 * leading 曾, 单, 解 … as a surname (zeng, shan, xie), which is how villagers say them.
 * Latin letters and digits stay as they are; stored with the name so a search is an
 * index range, never a per-row conversion.
 */
export function nameInitials(name: string): string {
  return pinyin(name.trim(), {
    pattern: 'first',
    toneType: 'none',
    type: 'array',
    nonZh: 'consecutive',
    surname: 'head',
  })
    .join('')
    .replace(/[^0-9a-z]/gi, '')
    .toLowerCase()
    .slice(0, 60);
}
