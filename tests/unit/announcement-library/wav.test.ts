import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeWav, parseWav } from '../../../src/announcement-library/wav.js';
import { HotlineError } from '../../../src/errors.js';
import { voice, wav } from './audio-fixtures.js';

function refusal(buf: Buffer, file = 'x.wav'): { code: string; message: string; key?: string } {
  try {
    parseWav(buf, file);
  } catch (err) {
    if (err instanceof HotlineError) return { code: err.code, message: err.message, ...(err.key ? { key: err.key } : {}) };
    throw err;
  }
  return { code: 'none', message: '' };
}

describe('WAV for the announcement library', () => {
  it('reads PCM 16-bit, A-law and µ-law 8 kHz mono as 16-bit samples', () => {
    const pcm = voice(3, 1000);
    expect(parseWav(wav(pcm), 'a.wav')).toEqual(pcm);
    for (const format of ['alaw', 'ulaw'] as const) {
      const back = parseWav(wav(pcm, { format }), 'a.wav');
      expect(back.length).toBe(pcm.length);
      // G.711 keeps a sample within a few percent of its value.
      const worst = Math.max(...Array.from(pcm, (v, i) => Math.abs(v - back[i]!) / Math.max(256, Math.abs(v))));
      expect(worst).toBeLessThan(0.07);
    }
  });

  it('skips chunks it does not need and reads an extensible header', () => {
    const plain = wav(voice(3, 1000));
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([5, 0, 0, 0]), Buffer.from('abcde\0')]);
    const withList = Buffer.concat([plain.subarray(0, 36), list, plain.subarray(36)]);
    expect(parseWav(withList, 'a.wav')).toEqual(voice(3, 1000));
    // An extensible fmt needs its 40 bytes: rebuild it with the sub-format GUID starting 01 00 (PCM).
    const fmt = Buffer.alloc(40);
    plain.copy(fmt, 0, 20, 36);
    fmt.writeUInt16LE(0xfffe, 0);
    fmt.writeUInt16LE(22, 16);
    fmt.writeUInt16LE(1, 24);
    const extFile = Buffer.concat([plain.subarray(0, 12), Buffer.from('fmt '), Buffer.from([40, 0, 0, 0]), fmt, plain.subarray(36)]);
    expect(parseWav(extFile, 'a.wav')).toEqual(voice(3, 1000));
  });

  it.each([
    ['not a WAV file', Buffer.from('ID3\u0003 an mp3 file pretending'), 'ANNOUNCEMENT_NOT_WAV', /no RIFF\/WAVE header/],
    ['an empty file', Buffer.alloc(0), 'ANNOUNCEMENT_AUDIO_EMPTY', /empty \(0 bytes\)/],
    ['a header and no samples', wav(new Int16Array(0)), 'ANNOUNCEMENT_AUDIO_EMPTY', /holds no audio/],
    ['a click of 100 ms', wav(voice(1, 100)), 'ANNOUNCEMENT_AUDIO_EMPTY', /only 100 ms/],
    ['16 kHz', wav(voice(1, 1000), { rate: 16000 }), 'ANNOUNCEMENT_AUDIO_UNSUPPORTED', /sample rate 16000 Hz/],
    ['44.1 kHz stereo', wav(voice(1, 1000), { rate: 44100, channels: 2 }), 'ANNOUNCEMENT_AUDIO_UNSUPPORTED', /sample rate 44100/],
    ['stereo 8 kHz', wav(voice(1, 1000), { channels: 2 }), 'ANNOUNCEMENT_AUDIO_UNSUPPORTED', /2 channels/],
    ['32-bit float', wav(voice(1, 1000), { format: 'float' }), 'ANNOUNCEMENT_AUDIO_UNSUPPORTED', /encoding 3 with 32-bit/],
    ['61 s', wav(voice(1, 61_000)), 'ANNOUNCEMENT_TOO_LONG', /61\.0 s of audio: an announcement is at most 60 s/],
  ])('refuses %s, naming the file', (_what, buf, code, why) => {
    const r = refusal(buf, '录音/空号-01.wav');
    expect(r.code).toBe(code);
    expect(r.message).toMatch(/^录音\/空号-01\.wav: /);
    expect(r.message).toMatch(why);
    expect(r.key).toBe('录音/空号-01.wav');
  });

  it('writes 8 kHz 16-bit mono WAV that reads back the same', () => {
    const pcm = voice(9, 700);
    const out = encodeWav(pcm);
    expect(out.toString('latin1', 0, 4)).toBe('RIFF');
    expect(out.readUInt32LE(24)).toBe(8000);
    expect(out.length).toBe(44 + pcm.length * 2);
    expect(parseWav(out, 'b.wav')).toEqual(pcm);
  });

  it('answers any bytes with samples or a catalogue error, never a crash', () => {
    const riff = fc.uint8Array({ maxLength: 600 }).map((b) => {
      const head = Buffer.from('RIFF\0\0\0\0WAVEfmt ', 'latin1');
      return Buffer.concat([head, Buffer.from(b)]);
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)), riff), (buf) => {
        try {
          expect(parseWav(buf, 'f.wav')).toBeInstanceOf(Int16Array);
        } catch (err) {
          expect(err).toBeInstanceOf(HotlineError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
