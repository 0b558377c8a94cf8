/**
 * WAV in and out for the announcement library, with node's Buffer only. In: RIFF/WAVE with PCM 16-bit, A-law or
 * µ-law, 8 kHz mono (WAVE_FORMAT_EXTENSIBLE included); anything else is refused, naming the file, rather than
 * resampled: no well-kept resampler is installed, and a carrier announcement is 8 kHz telephone audio anyway.
 * Out: 8 kHz 16-bit PCM mono, which every browser's audio element plays.
 */
import { alawToPcm, ulawToPcm } from '../announcements/g711.js';
import { HotlineError } from '../errors.js';

export const sampleRate = 8000;
/** An announcement is a few sentences; a minute is more than any carrier plays before releasing the line. */
export const maxSeconds = 60;
/** Less than this cannot be fingerprinted (CORE aims at a few seconds of speech). */
export const minMs = 500;

const formats: Record<number, { name: string; bits: number; decode: (data: Buffer) => Int16Array }> = {
  1: { name: 'PCM 16-bit', bits: 16, decode: pcm16 },
  6: { name: 'A-law', bits: 8, decode: (d) => alawToPcm(d) },
  7: { name: 'µ-law', bits: 8, decode: (d) => ulawToPcm(d) },
};

function pcm16(data: Buffer): Int16Array {
  const out = new Int16Array(data.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = data.readInt16LE(i * 2);
  return out;
}

const refuse = (code: 'ANNOUNCEMENT_NOT_WAV' | 'ANNOUNCEMENT_AUDIO_UNSUPPORTED' | 'ANNOUNCEMENT_AUDIO_EMPTY' | 'ANNOUNCEMENT_TOO_LONG', file: string, why: string, details: Record<string, unknown> = {}) =>
  new HotlineError(code, `${file}: ${why}`, { key: file, details: { file, ...details } });

interface Fmt {
  format: number;
  channels: number;
  rate: number;
  bits: number;
}

function readFmt(chunk: Buffer, file: string): Fmt {
  if (chunk.length < 16) throw refuse('ANNOUNCEMENT_NOT_WAV', file, 'its fmt chunk is too short');
  let format = chunk.readUInt16LE(0);
  // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
  if (format === 0xfffe && chunk.length >= 26) format = chunk.readUInt16LE(24);
  return { format, channels: chunk.readUInt16LE(2), rate: chunk.readUInt32LE(4), bits: chunk.readUInt16LE(14) };
}

/** The samples of a WAV file as 8 kHz 16-bit PCM; refuses anything else with a typed error naming `file`. */
export function parseWav(buf: Buffer, file: string): Int16Array {
  if (buf.length === 0) throw refuse('ANNOUNCEMENT_AUDIO_EMPTY', file, 'the file is empty (0 bytes)');
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE') {
    throw refuse('ANNOUNCEMENT_NOT_WAV', file, 'not a WAV file (no RIFF/WAVE header)');
  }
  let fmt: Fmt | undefined;
  let data: Buffer | undefined;
  for (let at = 12; at + 8 <= buf.length && !data; ) {
    const id = buf.toString('latin1', at, at + 4);
    // A streamed WAV may declare more than the file holds (or 0xFFFFFFFF): take what is there.
    const size = Math.min(buf.readUInt32LE(at + 4), buf.length - at - 8);
    const body = buf.subarray(at + 8, at + 8 + size);
    if (id === 'fmt ') fmt = readFmt(body, file);
    else if (id === 'data') data = body;
    at += 8 + size + (size & 1);
  }
  if (!fmt) throw refuse('ANNOUNCEMENT_NOT_WAV', file, 'no fmt chunk before the audio');
  if (!data) throw refuse('ANNOUNCEMENT_AUDIO_EMPTY', file, 'no data chunk: the file holds no audio');
  const kind = formats[fmt.format];
  if (!kind || kind.bits !== fmt.bits) {
    throw refuse('ANNOUNCEMENT_AUDIO_UNSUPPORTED', file, `encoding ${fmt.format} with ${fmt.bits}-bit samples is not supported: use PCM 16-bit, A-law or µ-law`, { format: fmt.format, bits: fmt.bits });
  }
  if (fmt.rate !== sampleRate) throw refuse('ANNOUNCEMENT_AUDIO_UNSUPPORTED', file, `sample rate ${fmt.rate} Hz: announcements must be 8000 Hz (convert with: sox in.wav -r 8000 -c 1 out.wav)`, { rate: fmt.rate });
  if (fmt.channels !== 1) throw refuse('ANNOUNCEMENT_AUDIO_UNSUPPORTED', file, `${fmt.channels} channels: announcements must be mono`, { channels: fmt.channels });
  const samples = Math.floor((data.length * 8) / kind.bits);
  const ms = Math.round((samples * 1000) / sampleRate);
  // Checked on the declared length, before decoding anything.
  if (ms > maxSeconds * 1000) throw refuse('ANNOUNCEMENT_TOO_LONG', file, `${(ms / 1000).toFixed(1)} s of audio: an announcement is at most ${maxSeconds} s`, { durationMs: ms });
  if (ms < minMs) throw refuse('ANNOUNCEMENT_AUDIO_EMPTY', file, samples === 0 ? 'the data chunk is empty: the file holds no audio' : `only ${ms} ms of audio: at least ${minMs} ms is needed`, { durationMs: ms });
  return kind.decode(data);
}

/** 8 kHz 16-bit mono PCM as a WAV file. */
export function encodeWav(pcm: Int16Array): Buffer {
  const out = Buffer.alloc(44 + pcm.length * 2);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + pcm.length * 2, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(pcm.length * 2, 40);
  for (let i = 0; i < pcm.length; i++) out.writeInt16LE(pcm[i]!, 44 + i * 2);
  return out;
}
