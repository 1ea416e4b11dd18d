import dns2 from 'dns2';

/** A DNS server on loopback that answers the TXT records a test publishes. */
export interface DnsStandIn {
  /** `127.0.0.1:<port>`: what `DNS_RESOLVER_SERVERS` names. */
  server: string;
  /** Publishes the TXT records of `name` (each one string, or its chunks); replaces earlier ones. */
  publishTxt(name: string, records: (string | string[])[]): void;
  /** Removes every record of `name` (it then answers NXDOMAIN). */
  unpublish(name: string): void;
  /**
   * Runs `act` when the next query arrives and answers it (from the zone as `act` left it) once
   * `act` has settled: a test's way to act while a check is asking DNS. Once only.
   */
  onNextQuery(act: (name: string) => Promise<void>): void;
  close(): Promise<void>;
}

/**
 * A real DNS server (dns2, UDP) on a free loopback port, named as a stand-in: the domain
 * checker's resolver is pointed at it, so tests exercise node:dns and the wire protocol, not a
 * mock. Names it was not told about get NXDOMAIN; a name with no TXT records, an empty answer.
 */
export async function startDnsStandIn(): Promise<DnsStandIn> {
  const zone = new Map<string, (string | string[])[]>();
  let nextQuery: ((name: string) => Promise<void>) | null = null;
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const act = nextQuery;
      nextQuery = null;
      const [question] = request.questions;
      const name = question?.name.toLowerCase() ?? '';
      // Answered once the test's act (if any) has settled, from the zone as it left it.
      void Promise.resolve(act?.(name)).then(() => {
        const response = dns2.Packet.createResponseFromRequest(request);
        const records = zone.get(name);
        if (records === undefined) {
          // NXDOMAIN: the name does not exist.
          response.header.rcode = 3;
        } else if (question?.type === dns2.Packet.TYPE.TXT) {
          for (const data of records) {
            response.answers.push({
              name: question.name,
              type: dns2.Packet.TYPE.TXT,
              class: dns2.Packet.CLASS.IN,
              ttl: 1,
              data,
            } as never);
          }
        }
        // A failed send is a lost UDP answer: the resolver times out, as on a real network.
        void send(response);
      });
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  const port = (addresses as { udp: { port: number } }).udp.port;
  return {
    server: `127.0.0.1:${port}`,
    publishTxt(name, records) {
      zone.set(name.toLowerCase(), records);
    },
    unpublish(name) {
      zone.delete(name.toLowerCase());
    },
    onNextQuery(act) {
      nextQuery = act;
    },
    async close() {
      await server.close();
    },
  };
}
