import type { AnswerHeaders } from '../headers/forward-response-headers';

/**
 * An answer of the gateway, forwarded or refused, before it is written: its status, headers
 * (lower-case names: the module's allowed ones, the gateway's policy and `Server-Timing`) and
 * body, read whole (a small answer, an envelope), streamed, or none (204, 304, a HEAD's).
 */
export interface GatewayAnswer {
  status: number;
  headers: AnswerHeaders;
  body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | null;
}

/** `answer` as a web Response (the API route's answer). */
export function answerResponse(answer: GatewayAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
