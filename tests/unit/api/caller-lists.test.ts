/**
 * VIP and blocked callers through the API (issue 15 item 5): the sample hotline's branches read them from the next
 * call, with no flow edit; refusals name the field; the lists survive a restart.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallerLists } from '../../../src/desk/caller-lists.js';
import { CallerListsRepo } from '../../../src/store/caller-lists-repo.js';
import { projectRoot } from '../../../src/config/load.js';
import { shanghai, TestCall } from '../ivr-harness.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
const open = shanghai('2026-11-25T10:00:00');
/** A new call to the sample hotline from `number`: the nodes it passes before waiting or ending. */
function callFrom(number: string): TestCall {
  const call = new TestCall(h.service.flows.forNumber('4008001234')!.flow, open);
  call.start(number);
  return call;
}
const add = (who: Parameters<Harness['as']>[0], list: string, number: string) => h.as(who, { method: 'POST', url: `/api/v1/caller-lists/${list}`, payload: { number, note: 'test' } });

beforeAll(async () => {
  h = await harness();
  copyFileSync(join(projectRoot, 'config/ivr/hotline.yaml'), join(h.config.ivr.dir, 'hotline.yaml'));
  h.service.flows.loadAll();
});
afterAll(async () => h.close());

describe('caller lists', () => {
  it('sends a VIP added through the API to the VIP queue on their next call, and not after removal', async () => {
    expect(callFrom('13700137000').path()).toEqual(['vip_check', 'hours', 'main_menu']);
    const r = await add('supervisor', 'vip', '137 0013-7000');
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ list: 'vip', note: 'test', createdBy: 'li-supervisor' });
    expect(callFrom('13700137000').path()).toEqual(['vip_check', 'vip_welcome']);
    // The flow's own demo VIPs still count.
    expect(callFrom('13900000001').path()).toEqual(['vip_check', 'vip_welcome']);
    expect((await h.as('admin', { method: 'GET', url: '/api/v1/caller-lists/vip' })).json().items.map((e: { number: string }) => e.number)).toEqual(['13700137000']);
    expect((await h.as('manager', { method: 'DELETE', url: '/api/v1/caller-lists/vip/13700137000' })).json()).toEqual({ removed: true });
    expect(callFrom('13700137000').path()).toEqual(['vip_check', 'hours', 'main_menu']);
    const again = await h.as('manager', { method: 'DELETE', url: '/api/v1/caller-lists/vip/13700137000' });
    expect([again.statusCode, again.json().details.field]).toEqual([404, 'number']);
  });

  it('refuses a blocked caller with the message and ends the call as blocked', async () => {
    expect((await add('admin', 'blocked', '13600136000')).statusCode).toBe(201);
    const call = callFrom('13600136000');
    expect(call.path()).toEqual(['vip_check', 'blocked']);
    expect(call.spoken()).toEqual(['您的号码已被限制呼入本热线，再见。']);
    call.played();
    expect(call.ended()).toMatchObject({ endedIn: 'blocked' });
    const audit = (await h.as('admin', { method: 'GET', url: '/api/v1/audit?entity=caller-list' })).json().items;
    expect(audit[0]).toMatchObject({ action: 'caller-list.add', entityId: 'blocked:13600136000', actor: 'root' });
  });

  it('writes nothing, in the store or in memory, when the audit entry cannot be written', () => {
    const db = h.service.db;
    const lists = new CallerLists(new CallerListsRepo(db), (fn) => db.transaction(fn)());
    expect(() =>
      lists.add({ list: 'blocked', number: '13500135000', note: '', createdAt: 0, createdBy: 'x' }, () => {
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(lists.get('blocked')?.has('13500135000')).toBe(false);
    expect(new CallerListsRepo(db).get('blocked', '13500135000')).toBeUndefined();
  });

  it('keeps the lists across a restart', () => {
    const fresh = new CallerLists(new CallerListsRepo(h.service.db));
    expect(fresh.get('blocked')?.has('13600136000')).toBe(true);
  });

  it.each([
    ['a number that is not one', 'vip', { number: 'call me' }, 400, 'number'],
    ['an unknown list', 'gold', { number: '13700137000' }, 400, 'list'],
  ])('refuses %s, naming the field', async (_what, list, body, status, field) => {
    const r = await h.as('admin', { method: 'POST', url: `/api/v1/caller-lists/${list}`, payload: body });
    expect([r.statusCode, r.json().details.field]).toEqual([status, field]);
  });

  it('is for supervisors, managers and admins: agents and viewers may not read or change it', async () => {
    for (const who of ['agent', 'read-only'] as const) {
      expect((await add(who, 'vip', '13700137001')).statusCode).toBe(403);
      expect((await h.as(who, { method: 'GET', url: '/api/v1/caller-lists/blocked' })).statusCode).toBe(403);
    }
  });
});
