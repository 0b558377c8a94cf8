// Puts the early-media scenes (early-media-plan.ts) into the carrier scenario. carrier.xml holds three marker comments;
// the scenes are generated here because SIPp reads every pcap when it loads the scenario, so each recording needs its
// own <exec play_pcap_audio>, and 110 scenes by hand would be 4,000 lines nobody could review.
import type { EarlyMediaManifest } from './early-media-audio.js';
import { earlyMediaScenes, sceneCode, scenePcap, sceneTiming, type EarlyMediaScene } from './early-media-plan.js';

export const markers = {
  invite: '<!-- early-media: invite -->',
  dispatch: '<!-- early-media: dispatch -->',
  scenes: '<!-- early-media: scenes -->',
} as const;

const sdp = (alaw: boolean) => `
      v=0
      o=carrier 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=hotline lab carrier
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP ${alaw ? 8 : 0} 101
      a=rtpmap:${alaw ? '8 PCMA' : '0 PCMU'}/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-16
      a=ptime:20
      a=sendrecv
`;

const response = (status: string, alaw: boolean) => `<![CDATA[

      SIP/2.0 ${status}
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE
      Content-Type: application/sdp
      Content-Length: [len]
${sdp(alaw)}
    ]]>`;

/** SIPp actions in the INVITE's <action>: BB VV as one number, and the flags the dispatch tests. */
const inviteActions = `<ereg regexp="^INVITE sip:(\\+86|0086|86)?139000[1-9](([0-9][0-9])([0-9][0-9]))@" search_in="msg" check_it="false"
            assign_to="em_match,em_prefix,em_bbvv,em_bb,em_vv"/>
      <todouble assign_to="em_code" variable="em_bbvv"/>
      <todouble assign_to="em_bbn" variable="em_bb"/>
      <todouble assign_to="em_vvn" variable="em_vv"/>
      <test assign_to="em_on" variable="em_code" compare="greater_than" value="0"/>
      <test assign_to="em_answered" variable="em_bbn" compare="greater_than_equal" value="31"/>
      <test assign_to="em_alaw" variable="em_vvn" compare="equal" value="4"/>`;

function sceneTests(scenes: readonly EarlyMediaScene[]): string {
  return scenes.map((s) => `      <test assign_to="em_${sceneCode(s)}" variable="em_code" compare="equal" value="${Number(sceneCode(s))}"/>`).join('\n');
}

const play = (file: string) => `  <nop><action><exec play_pcap_audio="${file}"/></action></nop>`;

/** One scene: play its recording, then what the carrier does after it. Every wait can take a CANCEL or a BYE. */
function sceneXml(s: EarlyMediaScene, ms: number): string {
  const code = sceneCode(s);
  const label = `  <label id="s${code}"/>\n${play(scenePcap(s))}\n`;
  // The person answers when the ring-back or music ends; their voice is already in the stream that is playing.
  if (s.kind !== 'announcement') return `${label}  <recv request="CANCEL" timeout="${ms}" ontimeout="em_answer" next="cancelled"/>\n`;
  switch (s.delivery) {
    case 'then-480':
      return `${label}  <recv request="CANCEL" timeout="${ms + 200}" ontimeout="em_480" next="cancelled"/>\n`;
    case 'until-cancelled':
      // Around again after a second's pause, as carriers loop their recordings.
      return `${label}  <recv request="CANCEL" timeout="${ms + 1000}" ontimeout="s${code}" next="cancelled"/>\n`;
    case 'answered':
      return `${label}  <recv request="BYE" timeout="${ms + 200}" ontimeout="hangup" next="bye"/>\n`;
  }
}

function dispatchXml(): string {
  return `<nop hide="true" test="em_on" next="em_start"/>`;
}

function scenesXml(scenes: readonly EarlyMediaScene[], manifest: EarlyMediaManifest): string {
  const durationOf = (s: EarlyMediaScene) => {
    const ms = manifest[sceneTiming(s)];
    if (ms === undefined) throw new RangeError(`no recording ${sceneTiming(s)} in the early-media manifest`);
    return ms;
  };
  return `<!-- Early media (src/lab/early-media-plan.ts): 183 with SDP, or 200 for an answered announcement, then the scene. -->
  <label id="em_start"/>
  <nop hide="true" test="em_answered" next="em_200"/>
  <nop hide="true" test="em_alaw" next="em_183a"/>
  <send next="em_scene">
    ${response('183 Session Progress', false)}
  </send>
  <label id="em_183a"/>
  <send next="em_scene">
    ${response('183 Session Progress', true)}
  </send>
  <label id="em_200"/>
  <nop hide="true" test="em_alaw" next="em_200a"/>
  <send retrans="500">
    ${response('200 OK', false)}
  </send>
  <recv request="ACK" rtd="true" next="em_scene"/>
  <label id="em_200a"/>
  <send retrans="500">
    ${response('200 OK', true)}
  </send>
  <recv request="ACK" rtd="true" next="em_scene"/>
  <label id="em_scene"/>
${scenes.map((s) => `  <nop hide="true" test="em_${sceneCode(s)}" next="s${sceneCode(s)}"/>`).join('\n')}
  <!-- A BB VV with no scene: a person answers after the 183 (or talks after the 200). -->
  <nop hide="true" test="em_answered" next="talk"/>
  <nop next="answer"/>
${scenes.map((s) => sceneXml(s, durationOf(s))).join('')}
  <label id="em_answer"/>
  <send retrans="500">
    ${response('200 OK', false)}
  </send>
  <recv request="ACK" rtd="true" next="talk"/>
  <label id="em_480"/>
  <send>
    <![CDATA[

      SIP/2.0 480 Temporarily Unavailable
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      CSeq: [last_cseq_number] INVITE
      Content-Length: 0

    ]]>
  </send>
  <recv request="ACK" next="end"/>
  <Reference variables="em_match,em_prefix"/>
`;
}

/** carrier.xml with the early-media scenes put in at its markers. Pure. */
export function withEarlyMedia(carrierXml: string, manifest: EarlyMediaManifest, scenes: readonly EarlyMediaScene[] = earlyMediaScenes()): string {
  for (const m of Object.values(markers)) if (!carrierXml.includes(m)) throw new RangeError(`carrier scenario has no ${m} marker`);
  return carrierXml
    .replace(markers.invite, `${inviteActions}\n${sceneTests(scenes)}`)
    .replace(markers.dispatch, dispatchXml())
    .replace(markers.scenes, scenesXml(scenes, manifest));
}
