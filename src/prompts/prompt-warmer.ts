import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { ttsPrompt, type PromptLanguage } from './tts-cache.js';

/**
 * Makes the TTS prompts of a flow version when it goes live, so no caller waits for espeak. Versions are warmed one
 * after another, in the order they went live; a prompt that fails is logged and left for the call to try again.
 */
export class PromptWarmer {
  private done: Promise<void> = Promise.resolve();

  constructor(private readonly d: { promptsDir: string; clock: Clock; log: Logger }) {}

  /** Queues the TTS pieces of one flow version. */
  warm(pieces: ReadonlyArray<{ text: string; lang: PromptLanguage }>, flow: { name: string; version: string }): void {
    this.done = this.done.then(async () => {
      const t0 = this.d.clock.now();
      for (const p of pieces) {
        await ttsPrompt(this.d.promptsDir, p.text, p.lang).catch((err) => this.d.log.warn({ err, flow: flow.name }, 'TTS prompt failed'));
      }
      this.d.log.info({ flow: flow.name, version: flow.version, prompts: pieces.length, ms: this.d.clock.now() - t0 }, 'flow prompts ready');
    });
  }

  /** Resolves once every version queued so far is warmed. */
  ready(): Promise<void> {
    return this.done;
  }
}
