/**
 * Reading values aloud: digits and numbers as Asterisk's digits:/number: media, dates and times as number: pieces
 * joined by words (Chinese unit words through TTS, English month and ordinal words from Asterisk's core sounds).
 */
import { DateTime } from 'luxon';
import type { Media } from './commands.js';
import type { Lang, SayAs } from './flow-schema.js';

const zh = (text: string): Media => ({ tts: { text, lang: 'zh' } });

function ordinalEn(day: number): Media[] {
  if (day < 20 || day % 10 === 0) return [`sound:digits/h-${day}`];
  return [`number:${day - (day % 10)}`, `sound:digits/h-${day % 10}`];
}

function sayDate(d: DateTime, lang: Lang): Media[] {
  if (lang === 'zh') return [`digits:${d.year}`, zh('年'), `number:${d.month}`, zh('月'), `number:${d.day}`, zh('日')];
  return [`sound:digits/mon-${d.month - 1}`, ...ordinalEn(d.day), `number:${d.year}`];
}

function sayTime(d: DateTime, lang: Lang): Media[] {
  if (lang === 'zh') return [`number:${d.hour}`, zh('点'), ...(d.minute === 0 ? [] : [`number:${d.minute}`, zh('分')])];
  const minutes: Media[] = d.minute === 0 ? ['sound:digits/oclock'] : d.minute < 10 ? ['sound:digits/oh', `number:${d.minute}`] : [`number:${d.minute}`];
  return [`number:${d.hour % 12 || 12}`, ...minutes, d.hour < 12 ? 'sound:digits/a-m' : 'sound:digits/p-m'];
}

function parseWhen(value: string, zone: string): DateTime | undefined {
  const d = DateTime.fromISO(value.trim(), { zone });
  return d.isValid ? d : undefined;
}

/**
 * The media that read `value` as digits, a number, a date (YYYY-MM-DD or ISO date-time) or a time (HH:MM or ISO
 * date-time, shown in `zone`) in `lang`; nothing when the value cannot be read that way.
 */
export function sayMedia(as: SayAs, value: string, lang: Lang, zone: string): Media[] {
  const v = value.trim();
  switch (as) {
    case 'digits': {
      const digits = v.replace(/[^0-9]/g, '');
      return digits === '' ? [] : [`digits:${digits}`];
    }
    case 'number': {
      const m = /^(-?\d+)(?:\.(\d+))?$/.exec(v);
      if (!m) return [];
      const whole = `number:${BigInt(m[1]!).toString()}`;
      if (m[2] === undefined) return [whole];
      return [whole, lang === 'zh' ? zh('点') : { tts: { text: 'point', lang: 'en' } }, `digits:${m[2]}`];
    }
    case 'date': {
      const d = parseWhen(v, zone);
      return d ? sayDate(d, lang) : [];
    }
    case 'time': {
      const d = parseWhen(v, zone);
      return d ? sayTime(d, lang) : [];
    }
  }
}
