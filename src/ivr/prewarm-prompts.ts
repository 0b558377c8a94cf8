import type { Media } from './commands.js';
import type { FlowNode, Prompt } from './flow-schema.js';
import { languages } from './flow-schema.js';
import type { LoadedFlow } from './loaded-flow.js';
import { nodeTraits } from './node-traits.js';
import { promptMedia } from './prompt-media.js';

/** Every TTS piece a flow can speak, in each language a call can be in, without duplicates. Pure. */
export function flowTtsPieces(flow: LoadedFlow): Array<{ text: string; lang: 'zh' | 'en' }> {
  const nodes: FlowNode[] = [...Object.values(flow.flow.nodes), ...Object.values(flow.flow.subflows ?? {}).flatMap((s) => Object.values(s.nodes))];
  const seen = new Map<string, { text: string; lang: 'zh' | 'en' }>();
  for (const node of nodes) {
    for (const field of nodeTraits[node.type].prompts) {
      const prompt = (node as unknown as Record<string, Prompt | undefined>)[field];
      for (const language of languages) {
        // Variables are unknown ahead of a call; `say` items and their variables are skipped by leaving vars empty.
        const media: Media[] = promptMedia(prompt, { language, flowLanguage: flow.flow.language, vars: {}, timezone: flow.flow.timezone ?? 'UTC' });
        for (const m of media) if (typeof m === 'object' && 'tts' in m) seen.set(`${m.tts.lang}\n${m.tts.text}`, m.tts);
      }
    }
  }
  return [...seen.values()];
}
