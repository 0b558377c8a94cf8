import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { harness, type Harness } from './harness.js';

// Issue 17 item 3: masked numbers could be recovered through number searches, and flow versions showed VIP lists.
const vipFlow = [
  'name: vipdemo',
  "entryNumbers: ['4008007777']",
  'lists:',
  "  vip: ['13900000009', '+8613800138000']",
  'start: check',
  'nodes:',
  '  check:',
  '    type: branch',
  '    cases:',
  '      - when: {var: callerNumber, inList: vip}',
  '        goto: bye',
  "      - when: {var: callerNumber, equals: '13700137000'}",
  '        goto: bye',
  '    default: bye',
  '  bye:',
  '    type: hangup',
  '',
].join('\n');

describe('number searches and flow texts for roles that see masks', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => h.close());
  const get = (who: Role, url: string) => h.as(who, { method: 'GET', url });

  it.each([
    ['supervisor', '/api/v1/leads?q=%2B861380&afterId=1&limit=1', 'q'],
    ['supervisor', '/api/v1/leads?phone=13800138000', 'phone'],
    ['supervisor', '/api/v1/leads/export?phone=13800138000', 'phone'],
    ['supervisor', '/api/v1/calls?number=13800138000', 'number'],
    ['read-only', '/api/v1/leads?q=1380', 'q'],
    ['read-only', '/api/v1/calls?number=13800138000', 'number'],
    // Issue 17 (weak spots): the DNC check answered whether a full number is on a list whose entries they see masked.
    ['supervisor', '/api/v1/dnc/check?phone=13800138000', 'phone'],
    ['read-only', '/api/v1/dnc/check?phone=%2B8613800138000', 'phone'],
  ] as const)('%s: %s is FORBIDDEN on %s', async (who, url, field) => {
    const r = await get(who, url);
    expect([r.statusCode, r.json().code, r.json().details.field]).toEqual([403, 'FORBIDDEN', field]);
  });

  it('leaves name search to everyone and number search to roles that see numbers', async () => {
    expect((await get('supervisor', `/api/v1/leads?q=${encodeURIComponent('王')}`)).statusCode).toBe(200);
    expect((await get('manager', '/api/v1/leads?q=%2B861380')).statusCode).toBe(200);
    expect((await get('admin', '/api/v1/calls?number=13800138000')).statusCode).toBe(200);
    expect((await get('agent', '/api/v1/leads?phone=13800138000')).statusCode).toBe(200);
    expect((await get('agent', '/api/v1/dnc/check?phone=13800138000')).statusCode).toBe(200);
  });

  it('masks the VIP list and condition numbers of a flow version, not its entry number', async () => {
    const up = await h.as('manager', { method: 'POST', url: '/api/v1/flows/vipdemo/versions', payload: { content: vipFlow } });
    expect(up.statusCode).toBe(201);
    const url = `/api/v1/flows/vipdemo/versions/${up.json().version}`;
    for (const who of ['supervisor', 'read-only'] as const) {
      const text: string = (await get(who, url)).json().content;
      expect(text).not.toMatch(/13900000009|8613800138000|13700137000/);
      expect(text).toContain("vip: ['139****0009', '+86138****8000']");
      expect(text).toContain("entryNumbers: ['4008007777']");
    }
    expect((await get('manager', url)).json().content).toBe(vipFlow);
  });
});
