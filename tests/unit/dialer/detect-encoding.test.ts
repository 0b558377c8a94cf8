import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectEncoding } from '../../../src/dialer/import/detect-encoding.js';

const text = '姓名,电话\r\n张三,13800138000\r\n';

// Issue 17 item 10: UTF-16 without a BOM was refused as binary though the README lists UTF-16 as supported.
describe('detectEncoding', () => {
  it.each([
    ['utf-16le', Buffer.from(text, 'utf16le')],
    ['utf-16be', Buffer.from(text, 'utf16le').swap16()],
    ['utf-8', Buffer.from(text, 'utf8')],
    ['gb18030', iconv.encode(text, 'gb18030')],
  ] as const)('%s without a BOM', (encoding, bytes) => {
    expect(detectEncoding(bytes)).toEqual({ encoding, bomLength: 0 });
  });

  it('bytes with zeros at both offsets are not UTF-16', () => {
    expect(detectEncoding(Buffer.from([0x50, 0x4e, 0x00, 0x00, 0x01, 0x00, 0x00, 0x02]))).not.toMatchObject({ encoding: expect.stringMatching(/utf-16/) });
  });
});
