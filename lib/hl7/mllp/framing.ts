/** MLLP: each message travels as <VT> message <FS><CR>. */
export const START_BLOCK = 0x0b;
export const END_BLOCK = 0x1c;
export const CARRIAGE_RETURN = 0x0d;

/** What the decoder found in the byte stream. */
export type MllpEvent =
  | { kind: "frame"; payload: Buffer }
  /** Bytes outside any frame, or a frame cut off by a new start block: shown so a broken sender can be diagnosed. */
  | { kind: "garbage"; preview: string; length: number; reason: string }
  | { kind: "oversize"; length: number; limit: number };

const PREVIEW_BYTES = 48;

/** Bytes as a log can show them: printable ASCII as is, everything else as <0xNN>. */
export function previewBytes(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes.subarray(0, PREVIEW_BYTES)) {
    text += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `<0x${byte.toString(16).padStart(2, "0")}>`;
  }
  return bytes.length > PREVIEW_BYTES ? `${text}… (${bytes.length} bytes)` : text;
}

export function encodeFrame(payload: Buffer | string): Buffer {
  const body = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
  return Buffer.concat([Buffer.from([START_BLOCK]), body, Buffer.from([END_BLOCK, CARRIAGE_RETURN])]);
}

/**
 * A streaming MLLP decoder: feed it whatever each read returns (a frame split across reads, several frames in one
 * read) and it returns the complete frames and what was wrong. It never holds more than `maxFrameBytes` of one frame:
 * a longer frame is reported once and skipped up to its end block.
 */
export class MllpDecoder {
  private chunks: Buffer[] = [];
  private size = 0;
  private inFrame = false;
  private discarding = false;
  private awaitingCarriageReturn = false;
  private garbage: Buffer[] = [];
  private garbageSize = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes of an unfinished frame held now (for idle and memory checks). */
  get pendingBytes(): number {
    return this.size;
  }

  get midFrame(): boolean {
    return this.inFrame;
  }

  push(data: Buffer): MllpEvent[] {
    const events: MllpEvent[] = [];
    let position = 0;
    while (position < data.length) {
      if (this.awaitingCarriageReturn) {
        this.awaitingCarriageReturn = false;
        // <FS> should be followed by <CR>; tolerate senders that leave it out.
        if (data[position] === CARRIAGE_RETURN) position++;
        continue;
      }
      if (!this.inFrame) {
        const start = data.indexOf(START_BLOCK, position);
        const end = start === -1 ? data.length : start;
        if (end > position) this.holdGarbage(data.subarray(position, end));
        if (start === -1) break;
        this.flushGarbage(events, "bytes outside a frame (expected <0x0b> before a message)");
        this.inFrame = true;
        position = start + 1;
        continue;
      }
      const endBlock = data.indexOf(END_BLOCK, position);
      const restart = data.indexOf(START_BLOCK, position);
      if (restart !== -1 && (endBlock === -1 || restart < endBlock)) {
        // A new start block before this frame ended: the sender gave up on the frame it was sending.
        this.append(data.subarray(position, restart), events);
        this.abandonFrame(events, "a frame interrupted by a new start block (<0x0b>) before its end block");
        position = restart;
        continue;
      }
      if (endBlock === -1) {
        this.append(data.subarray(position), events);
        break;
      }
      this.append(data.subarray(position, endBlock), events);
      if (!this.discarding) events.push({ kind: "frame", payload: Buffer.concat(this.chunks, this.size) });
      this.resetFrame();
      this.awaitingCarriageReturn = true;
      position = endBlock + 1;
    }
    return events;
  }

  /** What was left when the connection closed: an unfinished frame or stray bytes. */
  end(): MllpEvent[] {
    const events: MllpEvent[] = [];
    if (this.inFrame && !this.discarding) this.abandonFrame(events, "connection closed in the middle of a frame");
    this.resetFrame();
    this.flushGarbage(events, "bytes outside a frame before the connection closed");
    return events;
  }

  private append(bytes: Buffer, events: MllpEvent[]): void {
    if (this.discarding || bytes.length === 0) return;
    if (this.size + bytes.length > this.maxFrameBytes) {
      events.push({ kind: "oversize", length: this.size + bytes.length, limit: this.maxFrameBytes });
      this.chunks = [];
      this.size = 0;
      this.discarding = true;
      return;
    }
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  private abandonFrame(events: MllpEvent[], reason: string): void {
    if (!this.discarding) {
      const partial = Buffer.concat(this.chunks, this.size);
      events.push({ kind: "garbage", preview: previewBytes(partial), length: partial.length, reason });
    }
    this.resetFrame();
  }

  private resetFrame(): void {
    this.chunks = [];
    this.size = 0;
    this.inFrame = false;
    this.discarding = false;
  }

  private holdGarbage(bytes: Buffer): void {
    // Line breaks between frames are common and harmless.
    if (bytes.every((byte) => byte === CARRIAGE_RETURN || byte === 0x0a)) return;
    // Keep only enough to show in the log line; count the rest.
    if (this.garbageSize < PREVIEW_BYTES) this.garbage.push(bytes.subarray(0, PREVIEW_BYTES - this.garbageSize));
    this.garbageSize += bytes.length;
  }

  private flushGarbage(events: MllpEvent[], reason: string): void {
    if (this.garbageSize === 0) return;
    const shown = Buffer.concat(this.garbage);
    const preview = previewBytes(shown) + (this.garbageSize > shown.length ? `… (${this.garbageSize} bytes)` : "");
    events.push({ kind: "garbage", preview, length: this.garbageSize, reason });
    this.garbage = [];
    this.garbageSize = 0;
  }
}
