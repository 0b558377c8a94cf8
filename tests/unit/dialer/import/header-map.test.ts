import { describe, expect, it } from 'vitest';
import { hasPhoneColumn, headerKey, mapHeader } from '../../../../src/dialer/import/header-map.js';
import { isHotlineError } from '../../../../src/errors.js';

describe('mapHeader', () => {
  const phoneHeaders = ['电话', '手机', '手机号', '手机号码', '电话号码', '联系电话', 'phone', 'Mobile', 'TEL', 'Number', ' Phone Number ', '手机号码：', '手机号*', 'ｐｈｏｎｅ'];
  it.each(phoneHeaders)('%j is the phone column', (h) => {
    expect(mapHeader(['x', h]).phone).toBe(1);
    expect(hasPhoneColumn(['x', h])).toBe(true);
  });

  const nameHeaders = ['姓名', '名字', '客户姓名', 'name', 'Customer', 'NAME'];
  it.each(nameHeaders)('%j is the name column', (h) => {
    expect(mapHeader([h, '电话']).name).toBe(0);
  });

  const altHeaders = ['备用电话', '备用号码', '其他电话', 'alt phone', 'Alternate Phone', 'phone2', 'ALT_PHONE'];
  it.each(altHeaders)('%j is the alternate phone column', (h) => {
    expect(mapHeader(['电话', h]).altPhone).toBe(1);
  });

  it('keeps every other column as a custom field under its original header', () => {
    expect(mapHeader(['客户姓名', '手机号码', '备注', '城市', ' 购买产品 '])).toEqual({
      name: 0,
      phone: 1,
      custom: [
        { key: '备注', index: 2 },
        { key: '城市', index: 3 },
        { key: '购买产品', index: 4 },
      ],
    });
  });

  it('gives blank and repeated headers unique keys', () => {
    expect(mapHeader(['phone', '', '备注', '备注']).custom).toEqual([
      { key: 'column 2', index: 1 },
      { key: '备注', index: 2 },
      { key: '备注 (2)', index: 3 },
    ]);
  });

  it('takes a second phone column as the alternate number when none is named so, a third stays custom', () => {
    expect(mapHeader(['手机', '电话', '联系电话'])).toEqual({ phone: 0, altPhone: 1, custom: [{ key: '联系电话', index: 2 }] });
    expect(mapHeader(['手机', '电话', '备用电话'])).toEqual({ phone: 0, altPhone: 2, custom: [{ key: '电话', index: 1 }] });
  });

  it('names the headers it saw when there is no phone column', () => {
    try {
      mapHeader(['姓名', '地址', '', '备注']);
      expect.unreachable();
    } catch (err) {
      expect(isHotlineError(err, 'IMPORT_NO_PHONE_COLUMN')).toBe(true);
      expect((err as Error).message).toContain('姓名, 地址, 备注');
      expect((err as { details?: unknown }).details).toEqual({ headers: ['姓名', '地址', '备注'] });
    }
    expect(hasPhoneColumn(['客户名单 2024年3月'])).toBe(false);
  });

  it('compares headers folded: width, case, spaces, separators, a trailing colon or star', () => {
    expect(headerKey(' Alt_Phone： ')).toBe('altphone');
    expect(headerKey('ＰＨＯＮＥ*')).toBe('phone');
  });
});
