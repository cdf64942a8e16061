import net from "node:net";
import tls from "node:tls";
import { encodeFrame, MllpDecoder, type MllpEvent } from "@/lib/hl7/mllp/framing";

export interface MllpPeer {
  address: string;
  port: number;
  /** SHA-256 fingerprint of the client certificate presented over TLS (AB:CD:…); null without one, or over plain TCP. */
  clientCertificateSha256: string | null;
}

/**
 * Turns one received frame into the bytes to answer with (an ACK). A rejection means the message could not be
 * committed: the connection is then dropped without an answer, so the sender sends it again.
 */
export type FrameHandler = (payload: Buffer, peer: MllpPeer) => Promise<Buffer>;

/** The slice of a pino logger the listener uses (details never hold message bodies, only short previews of bad framing). */
export interface MllpLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface MllpServerOptions {
  host: string;
  port: number;
  maxFrameBytes: number;
  /** A connection that sends nothing for this long is closed (a half-open peer included). */
  idleTimeoutMs: number;
  handle: FrameHandler;
  /** The answer to a frame over maxFrameBytes (its bytes were not kept), e.g. an AR; none when absent. */
  answerOversize?: (length: number, limit: number) => Buffer;
  logger: MllpLogger;
  /** node:tls server options (lib/hl7/mllp/tls.ts): MLLP over TLS; absent, plain TCP. */
  tls?: tls.TlsOptions;
}

export interface MllpServer {
  port: number;
  /** Stops accepting, answers every frame already received, then closes each connection. */
  close(): Promise<void>;
}

/** How long a closing connection waits for the peer to close its side before it is cut. */
const CLOSE_GRACE_MS = 2000;

class MllpConnection {
  private readonly decoder: MllpDecoder;
  private pending: Promise<void> = Promise.resolve();
  private closing = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly options: MllpServerOptions,
    private readonly peer: MllpPeer,
  ) {
    this.decoder = new MllpDecoder(options.maxFrameBytes);
    socket.setKeepAlive(true, 30_000);
    socket.setTimeout(options.idleTimeoutMs, () => this.onIdle());
    socket.on("data", (data) => this.onEvents(this.decoder.push(data)));
    socket.on("end", () => {
      this.onEvents(this.decoder.end());
      void this.pending.then(() => socket.end());
    });
    socket.on("error", (error) => options.logger.warn({ peer: this.peer, err: error.message }, "MLLP connection error"));
  }

  /** Frames are answered one at a time, in the order they arrived, so each ACK follows its own message. */
  private onEvents(events: MllpEvent[]): void {
    // Once closing, what arrives is not taken: the sender gets no ACK for it and sends it again to a listener.
    if (this.closing) return;
    for (const event of events) {
      if (event.kind === "frame") {
        this.pending = this.pending.then(() => this.answer(event.payload));
      } else if (event.kind === "garbage") {
        this.options.logger.warn({ peer: this.peer, bytes: event.preview, length: event.length }, `MLLP framing error: ${event.reason}`);
      } else {
        this.options.logger.warn({ peer: this.peer, length: event.length, limit: event.limit }, "MLLP frame over the size limit skipped");
        const answer = this.options.answerOversize;
        if (answer) this.pending = this.pending.then(() => this.write(answer(event.length, event.limit)));
      }
    }
  }

  private async answer(payload: Buffer): Promise<void> {
    if (this.socket.destroyed) return;
    try {
      this.write(await this.options.handle(payload, this.peer));
    } catch (error) {
      // Nothing is acknowledged that was not committed; what follows on this connection is left for the resend.
      this.options.logger.error({ peer: this.peer, err: error instanceof Error ? error.message : String(error) }, "MLLP message not committed: connection dropped without an ACK");
      this.socket.destroy();
    }
  }

  private write(reply: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(encodeFrame(reply));
  }

  private onIdle(): void {
    if (this.decoder.midFrame) {
      this.options.logger.warn({ peer: this.peer, pendingBytes: this.decoder.pendingBytes }, "MLLP connection idle in the middle of a frame: closed");
    }
    void this.pending.then(() => this.socket.end());
  }

  /** Answers what has arrived, then ends the connection. */
  async drain(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.pending;
    if (this.socket.destroyed || this.socket.closed) return;
    const closed = new Promise<void>((resolve) => this.socket.once("close", () => resolve()));
    // Reading on lets the peer's FIN arrive, so the connection closes instead of lingering half-open.
    this.socket.end();
    this.socket.resume();
    const timer = setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
    await closed;
    clearTimeout(timer);
  }
}

function clientCertificateOf(socket: net.Socket): string | null {
  if (!(socket instanceof tls.TLSSocket)) return null;
  return socket.getPeerCertificate().fingerprint256 || null;
}

export function startMllpServer(options: MllpServerOptions): Promise<MllpServer> {
  const connections = new Set<MllpConnection>();
  const accept = (socket: net.Socket) => {
    const peer = { address: socket.remoteAddress ?? "unknown", port: socket.remotePort ?? 0, clientCertificateSha256: clientCertificateOf(socket) };
    const connection = new MllpConnection(socket, options, peer);
    connections.add(connection);
    socket.on("close", () => connections.delete(connection));
  };
  const server = options.tls ? tls.createServer(options.tls, accept) : net.createServer(accept);
  // A failed handshake (plain TCP, an unknown client CA, no certificate where one is required) never reaches accept.
  server.on("tlsClientError", (error: Error, socket: tls.TLSSocket) => {
    options.logger.warn({ peer: { address: socket.remoteAddress ?? "unknown", port: socket.remotePort ?? 0 }, err: error.message }, "MLLP TLS handshake failed");
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : options.port;
      options.logger.info({ host: options.host, port }, "MLLP listener started");
      resolve({
        port,
        close: async () => {
          const closed = new Promise<void>((done) => server.close(() => done()));
          await Promise.all([...connections].map((connection) => connection.drain()));
          await closed;
        },
      });
    });
  });
}
