import { defined } from '../../defined.js';
import { HotlineError } from '../../errors.js';

/** Where each column of a call list goes: the lead's own fields by column index, every other column by its header. */
export interface HeaderMap {
  phone: number;
  name?: number;
  altPhone?: number;
  /** Custom columns: the key they are stored under in leads.fields and their column index. */
  custom: Array<{ key: string; index: number }>;
}

const synonyms: Record<'name' | 'phone' | 'altPhone', readonly string[]> = {
  name: ['姓名', '名字', '客户姓名', '客户名称', '联系人', 'name', 'customer', 'customername', 'fullname'],
  phone: [
    '电话', '手机', '手机号', '手机号码', '电话号码', '联系电话', '联系方式', '客户电话', '移动电话',
    'phone', 'mobile', 'tel', 'number', 'telephone', 'phonenumber', 'mobilephone', 'cellphone', 'cell',
  ],
  altPhone: ['备用电话', '备用号码', '其他电话', '备用手机', 'altphone', 'alternatephone', 'phone2', 'mobile2', 'tel2'],
};

const lookup = new Map<string, keyof typeof synonyms>(
  (Object.entries(synonyms) as Array<[keyof typeof synonyms, readonly string[]]>).flatMap(([role, words]) => words.map((w) => [w, role] as const)),
);

/** A header as compared: full-width folded, lower case, without spaces, _ - . and a trailing colon or required-field star. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.]+/g, '')
    .replace(/[:*]+$/, '');
}

/** True when some cell of the row names a phone column: the row is the header (rows above it are titles). */
export function hasPhoneColumn(cells: readonly string[]): boolean {
  return cells.some((c) => lookup.get(headerKey(c)) === 'phone');
}

/**
 * Maps a header row to the lead's fields. The first phone-like column is the phone; a second one becomes the
 * alternate phone when no column is named so (lists often carry 手机 and 电话 side by side); the first name-like
 * column is the name. Throws IMPORT_NO_PHONE_COLUMN when no column holds phone numbers.
 */
export function mapHeader(header: readonly string[]): HeaderMap {
  let phone: number | undefined;
  let name: number | undefined;
  let altPhone: number | undefined;
  const extraPhones: number[] = [];
  header.forEach((h, i) => {
    const role = lookup.get(headerKey(h));
    if (role === 'phone') {
      if (phone === undefined) phone = i;
      else extraPhones.push(i);
    } else if (role === 'name' && name === undefined) name = i;
    else if (role === 'altPhone' && altPhone === undefined) altPhone = i;
  });
  if (phone === undefined) {
    const seen = header.map((h) => h.trim()).filter((h) => h !== '');
    throw new HotlineError(
      'IMPORT_NO_PHONE_COLUMN',
      `no phone column (电话/手机/phone…) among the headers: ${seen.length === 0 ? '(none)' : seen.join(', ')}`,
      { details: { headers: seen } },
    );
  }
  if (altPhone === undefined && extraPhones.length > 0) altPhone = extraPhones[0];
  const used = new Set([phone, name, altPhone]);
  const custom: HeaderMap['custom'] = [];
  const keys = new Set<string>();
  header.forEach((h, i) => {
    if (used.has(i)) return;
    // Keys must be unique in the JSON object: a blank header gets its column number, a repeated one a suffix.
    const base = h.trim() === '' ? `column ${i + 1}` : h.trim();
    let key = base;
    for (let n = 2; keys.has(key); n++) key = `${base} (${n})`;
    keys.add(key);
    custom.push({ key, index: i });
  });
  return { phone, ...defined({ name, altPhone }), custom };
}
