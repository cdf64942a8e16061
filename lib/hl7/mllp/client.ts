import net from "node:net";
import tls from "node:tls";
import { encodeFrame, MllpDecoder } from "@/lib/hl7/mllp/framing";

export interface MllpClient {
  /** Sends one message and resolves with the reply frame (its ACK). */
  send(message: Buffer | string): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * A minimal MLLP client: one connection, one message in flight at a time (the original acknowledgement protocol),
 * a reply timeout per message.
 */
export function connectMllp(host: string, port: number, options: { replyTimeoutMs: number; maxFrameBytes?: number; tls?: tls.ConnectionOptions }): Promise<MllpClient> {
  return new Promise((resolve, reject) => {
    // Over TLS the server's certificate and name are verified (node's defaults; `tls` may add a CA or a client certificate).
    const socket = options.tls ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ...options.tls }) : net.connect({ host, port });
    const decoder = new MllpDecoder(options.maxFrameBytes ?? 10_000_000);
    let waiting: { resolve: (reply: Buffer) => void; reject: (error: Error) => void } | null = null;
    let failure: Error | null = null;

    const fail = (error: Error) => {
      failure = error;
      waiting?.reject(error);
      waiting = null;
    };
    socket.on("data", (data) => {
      for (const event of decoder.push(data)) {
        // A frame nobody is waiting for (a late reply after a timeout) answers nothing we sent now: dropped.
        if (event.kind !== "frame" || !waiting) continue;
        waiting.resolve(event.payload);
        waiting = null;
      }
    });
    socket.on("error", fail);
    socket.on("close", () => fail(new Error("the connection was closed before an acknowledgement arrived")));
    socket.once(options.tls ? "secureConnect" : "connect", () => {
      socket.off("error", reject);
      resolve({
        send: (message) =>
          new Promise<Buffer>((done, refuse) => {
            if (failure) return refuse(failure);
            const timer = setTimeout(() => fail(new Error(`no acknowledgement within ${options.replyTimeoutMs} ms`)), options.replyTimeoutMs);
            waiting = {
              resolve: (reply) => {
                clearTimeout(timer);
                done(reply);
              },
              reject: (error) => {
                clearTimeout(timer);
                refuse(error);
              },
            };
            socket.write(encodeFrame(message));
          }),
        close: () => new Promise<void>((done) => socket.end(done)),
      });
    });
    socket.once("error", reject);
  });
}
