import { describe, expect, it } from 'vitest';
import {
  campaignEvents,
  campaignStates,
  campaignTransitions,
  nextCampaignState,
  type CampaignEvent,
  type CampaignState,
} from '../../../src/dialer/campaign-state.js';
import { HotlineError, isHotlineError } from '../../../src/errors.js';

/** The policy the README's outbound dialer section states, written out again so a change to the table shows here. */
const expected: Array<[CampaignState, CampaignEvent, CampaignState]> = [
  ['draft', 'start', 'scheduled'],
  ['draft', 'finish', 'finished'],
  ['scheduled', 'window-open', 'running'],
  ['scheduled', 'pause', 'paused'],
  ['scheduled', 'finish', 'finished'],
  ['scheduled', 'exhausted', 'finished'],
  ['running', 'window-close', 'scheduled'],
  ['running', 'pause', 'paused'],
  ['running', 'finish', 'finished'],
  ['running', 'exhausted', 'finished'],
  ['paused', 'start', 'scheduled'],
  ['paused', 'resume', 'scheduled'],
  ['paused', 'finish', 'finished'],
];

const allowed = new Map(expected.map(([s, e, to]) => [`${s}/${e}`, to]));

const allPairs = campaignStates.flatMap((s) => campaignEvents.map((e): [CampaignState, CampaignEvent] => [s, e]));

describe('campaign state machine', () => {
  it.each(expected)('%s + %s → %s', (state, event, to) => {
    expect(nextCampaignState(state, event)).toBe(to);
    expect(campaignTransitions[state][event]).toBe(to);
  });

  it('the table holds exactly the expected transitions', () => {
    const table = campaignStates.flatMap((s) =>
      Object.entries(campaignTransitions[s]).map(([e, to]) => [s, e, to] as [CampaignState, CampaignEvent, CampaignState]),
    );
    expect(table.sort()).toEqual([...expected].sort());
  });

  it('every state has a table row; finished takes no event', () => {
    expect(Object.keys(campaignTransitions).sort()).toEqual([...campaignStates].sort());
    expect(Object.keys(campaignTransitions.finished)).toEqual([]);
  });

  it('every state but finished can be finished by hand', () => {
    for (const s of campaignStates.filter((x) => x !== 'finished')) expect(nextCampaignState(s, 'finish')).toBe('finished');
  });

  const disallowed = allPairs.filter(([s, e]) => !allowed.has(`${s}/${e}`));

  it('there are disallowed pairs to check', () => {
    expect(disallowed.length + expected.length).toBe(campaignStates.length * campaignEvents.length);
    expect(disallowed.length).toBeGreaterThan(0);
  });

  it.each(disallowed)('%s + %s throws CAMPAIGN_BAD_TRANSITION', (state, event) => {
    let error: unknown;
    try {
      nextCampaignState(state, event);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HotlineError);
    expect(isHotlineError(error, 'CAMPAIGN_BAD_TRANSITION')).toBe(true);
    expect((error as HotlineError).details).toEqual({ state, event });
    expect((error as HotlineError).message).toContain(state);
    expect((error as HotlineError).message).toContain(event);
  });
});
