import { connect } from 'node:net';

/** One HTTP/1.1 answer read off the wire. */
export interface WireAnswer {
  status: number;
  /** The head, lower-cased. */
  head: string;
  body: string;
}

/** What came back on one connection (see `twoOnOneConnection`). */
export interface WireExchange {
  answers: WireAnswer[];
  /** The server ended or cut the connection (not the test's idle cut). */
  closedByServer: boolean;
  /** Bytes left over that parse as no complete answer. */
  rest: string;
}

/**
 * Tests only: on ONE connection, writes `first` (its head, then `body`: as it is with its
 * `Content-Length`, or in chunks of 64 KiB when `chunked`), then `second` at once behind it
 * (as a keep-alive client's next request), and reads until two answers have come, the server
 * closes the connection, or nothing arrives for `idleMs`. A write the server refuses by
 * closing is not an error.
 */
export function twoOnOneConnection(
  port: number,
  first: { head: string; body: Buffer; chunked?: boolean },
  second: string,
  idleMs = 3000,
): Promise<WireExchange> {
  return new Promise((resolve) => {
    let text = '';
    let closedByServer = true;
    let idle: NodeJS.Timeout | undefined;
    const socket = connect(port, '127.0.0.1');
    const finish = () => {
      clearTimeout(idle);
      resolve({ ...parseAnswers(text), closedByServer });
    };
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        closedByServer = false;
        socket.destroy();
      }, idleMs);
    };
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      // Both answered: nothing more to wait for.
      if (parseAnswers(text).answers.length >= 2) {
        closedByServer = false;
        socket.destroy();
      } else arm();
    });
    socket.on('close', finish);
    socket.on('connect', () => {
      void (async () => {
        const write = (data: Buffer | string) =>
          new Promise<void>((done) => {
            if (socket.destroyed || !socket.writable) return done();
            if (socket.write(data)) return done();
            socket.once('drain', done).once('close', done);
          });
        await write(first.head);
        const step = 64 * 1024;
        for (let at = 0; at < first.body.length; at += step) {
          const part = first.body.subarray(at, at + step);
          await write(first.chunked ? `${part.length.toString(16)}\r\n` : '');
          await write(part);
          if (first.chunked) await write('\r\n');
        }
        if (first.chunked) await write('0\r\n\r\n');
        await write(second);
        arm();
      })();
    });
  });
}

/** The complete answers in `text`, in order, and what is left. */
function parseAnswers(text: string): { answers: WireAnswer[]; rest: string } {
  const answers: WireAnswer[] = [];
  let rest = text;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) break;
    const head = rest.slice(0, end).toLowerCase();
    const status = Number(head.split(' ')[1]);
    let after = rest.slice(end + 4);
    let body = '';
    const length = /\r\ncontent-length: *(\d+)/.exec(head);
    if (length) {
      const size = Number(length[1]);
      if (after.length < size) break;
      body = after.slice(0, size);
      after = after.slice(size);
    } else if (/\r\ntransfer-encoding: *chunked/.test(head)) {
      let complete = false;
      for (;;) {
        const line = after.indexOf('\r\n');
        if (line === -1) break;
        const size = parseInt(after.slice(0, line), 16);
        if (Number.isNaN(size) || after.length < line + 2 + size + 2) break;
        body += after.slice(line + 2, line + 2 + size);
        after = after.slice(line + 2 + size + 2);
        if (size === 0) {
          complete = true;
          break;
        }
      }
      if (!complete) break;
    }
    answers.push({ status, head, body });
    rest = after;
  }
  return { answers, rest };
}

/**
 * Tests only: what a keep-alive client may see after a refused `first` and its `second` on
 * the same connection: `second` answered there (the body drained), or `first`'s answer said
 * `Connection: close` and the connection ended. Never a keep-alive answer and then a dead or
 * silent connection, nor an answer to a request line inside the refused body.
 */
export function expectSafeForKeepAlive(
  exchange: WireExchange,
  expectSecond: (answer: WireAnswer) => boolean,
): 'drained' | 'closed' {
  const [first, second, ...more] = exchange.answers;
  if (first === undefined) throw new Error(`no answer at all: ${exchange.rest.slice(0, 200)}`);
  if (more.length > 0 || exchange.rest !== '') {
    throw new Error(`more than two answers: ${JSON.stringify(exchange).slice(0, 400)}`);
  }
  const closing = /\r\nconnection: close\r\n|\r\nconnection: close$/.test(first.head);
  if (second !== undefined) {
    if (!expectSecond(second))
      throw new Error(`the second answer is not the second request's: ${second.head}`);
    if (closing) throw new Error('answered after Connection: close');
    return 'drained';
  }
  if (!closing) throw new Error(`a keep-alive answer, then no second one: ${first.head}`);
  if (!exchange.closedByServer)
    throw new Error('Connection: close, but the connection stayed open');
  return 'closed';
}
