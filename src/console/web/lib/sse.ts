/** Server-sent events read from a fetch body (EventSource cannot send an Authorization header). Pure. */

export interface SseEvent {
  event: string;
  data: string;
}

/** An incremental parser: feed it text as it arrives, it returns the events completed so far. */
export function sseParser(): (chunk: string) => SseEvent[] {
  let buf = '';
  return (chunk) => {
    buf += chunk.replace(/\r\n?/g, '\n');
    const out: SseEvent[] = [];
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        // A line starting with ':' is a comment (the feed's heartbeat).
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length) out.push({ event, data: data.join('\n') });
    }
    return out;
  };
}
