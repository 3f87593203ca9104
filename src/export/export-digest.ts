import { createHash } from 'node:crypto';

/** What the audit records of an export's bytes. */
export interface ExportDigest {
  /** SHA-256 (hex) of exactly the bytes handed to the client or written to the file. */
  sha256: string;
  bytes: number;
  /** False when the reader stopped (client gone) or the export failed before the end. */
  complete: boolean;
}

/**
 * The export's chunks as UTF-8 bytes in a pull-driven ReadableStream: a chunk is read from the
 * database only when the consumer asks for one, so a slow client holds back the cursor instead of
 * filling memory. The SHA-256 of the bytes is computed as they go out; `onEnd` (the audit) runs
 * once, after the last chunk and before the stream closes, or when the client cancels or the
 * export fails.
 */
export function digestingStream(chunks: AsyncGenerator<string>, onEnd: (digest: ExportDigest) => Promise<void>): ReadableStream<Uint8Array> {
  const hash = createHash('sha256');
  const encoder = new TextEncoder();
  let bytes = 0;
  let ended = false;
  const end = async (complete: boolean): Promise<void> => {
    if (ended) return;
    ended = true;
    await onEnd({ sha256: hash.digest('hex'), bytes, complete });
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let next: IteratorResult<string>;
        try {
          next = await chunks.next();
        } catch (error) {
          await end(false);
          controller.error(error);
          return;
        }
        if (next.done === true) {
          await end(true);
          controller.close();
          return;
        }
        const data = encoder.encode(next.value);
        hash.update(data);
        bytes += data.byteLength;
        controller.enqueue(data);
      },
      async cancel() {
        await chunks.return(undefined);
        await end(false);
      },
    },
    // One chunk (a batch of rows) buffered ahead at most.
    { highWaterMark: 1 },
  );
}

/** Incremental SHA-256 and byte count of text written elsewhere (the command line's file, as UTF-8). */
export function createTextDigest(): { update(text: string): string; result(complete: boolean): ExportDigest } {
  const hash = createHash('sha256');
  let bytes = 0;
  return {
    update(text) {
      hash.update(text, 'utf8');
      bytes += Buffer.byteLength(text, 'utf8');
      return text;
    },
    result: (complete) => ({ sha256: hash.digest('hex'), bytes, complete }),
  };
}
