/** The QA API tests' shared data: the hotline's QA form and an answered inbound call of an agent. */
import type { Harness } from './harness.js';

/** The hotline line's QA form (three weighted items, threshold 10); a test may add items. */
export const hotlineForm = {
  name: '热线通话质检表',
  scope: { kind: 'line', number: '4008001234' },
  threshold: 10,
  items: [
    { key: 'greeting', zh: '规范开场', en: 'Greeting', weight: 10 },
    { key: 'accuracy', zh: '信息准确', en: 'Accurate information', weight: 50 },
    { key: 'attitude', zh: '服务态度', en: 'Attitude', weight: 40 },
  ] as Array<{ key: string; zh: string; en: string; weight: number; fatal?: boolean }>,
};

/** An answered inbound call of `agentId` on the hotline line, a minute long, written through the calls repo. */
export function answeredCall(h: Harness, channelId: string, agentId: string, startedAt: number): void {
  h.service.repo.insert({ channelId, direction: 'inbound', startedAt, callerNumber: '13900000011', calledNumber: '4008001234', entryNumber: '4008001234', answeredAt: startedAt + 1000, endedAt: startedAt + 60_000, agentId, endedIn: 'agent', ivrPath: [] });
  h.service.repo.flush();
}
