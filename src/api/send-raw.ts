import type { FastifyReply } from 'fastify';

/** Sends a stream, a buffer or text as it is: file downloads and CSV, whose route schema only documents them. */
export function sendRaw(reply: unknown, type: string, fileName: string, payload: NodeJS.ReadableStream | Buffer | string): FastifyReply {
  const r = reply as FastifyReply;
  return r.type(type).header('content-disposition', `attachment; filename="${fileName}"`).send(payload);
}
