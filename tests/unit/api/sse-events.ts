import type { Readable } from 'node:stream';

/** Reads server-sent events from a stream as they come. */
export function events(stream: Readable) {
  const queue: Array<{ event: string; data: any }> = [];
  const waiting: Array<() => void> = [];
  let buf = '';
  stream.on('data', (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) queue.push({ event, data: JSON.parse(data) });
      for (const w of waiting.splice(0)) w();
    }
  });
  return {
    async next(): Promise<{ event: string; data: any }> {
      while (!queue.length) await new Promise<void>((r) => waiting.push(r));
      return queue.shift()!;
    },
  };
}
