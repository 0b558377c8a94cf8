/** The media URI that makes Asterisk fetch a prompt file from this service (src/http/prompts.ts serves it). */
export function promptUri(baseUrl: string, file: string): string {
  return `sound:${baseUrl.replace(/\/$/, '')}/prompts/${file}`;
}
