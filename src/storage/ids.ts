import { randomFillSync } from 'node:crypto';

/**
 * A source of UUIDv7 ids (RFC 9562): 48 bits of Unix milliseconds, then randomness. Keys that grow
 * with time append to the end of their B-tree index instead of scattering across it, which keeps
 * inserts as cheap as with integer keys.
 *
 * Ids from one generator are strictly increasing even within one millisecond or when the clock
 * steps back: the 12-bit `rand_a` field then serves as a counter (RFC 9562, 6.2 method 1), and
 * the timestamp is carried forward when the counter overflows.
 *
 * @example
 * const nextId = createIdGenerator(() => new Date());
 * nextId(); // '019ab0c2-5f3e-7a01-9c4d-2b6e8f1a3c5d'
 */
export function createIdGenerator(clock: () => Date = () => new Date()): () => string {
  let lastMs = -1;
  let counter = 0;
  // Pooled randomness: one getrandom call per 256 ids instead of one per id.
  const pool = Buffer.alloc(8 * 256);
  let poolOffset = pool.length;

  return function nextId(): string {
    let ms = clock().getTime();
    if (ms > lastMs) {
      lastMs = ms;
      counter = 0;
    } else {
      counter += 1;
      if (counter > 0xfff) {
        lastMs += 1;
        counter = 0;
      }
      ms = lastMs;
    }
    if (poolOffset >= pool.length) {
      randomFillSync(pool);
      poolOffset = 0;
    }
    const random = pool.subarray(poolOffset, poolOffset + 8);
    poolOffset += 8;
    return formatUuidV7(ms, counter, random);
  };
}

/** Lays out a UUIDv7 from its timestamp, its 12-bit rand_a and 8 random bytes (62 bits used). */
export function formatUuidV7(ms: number, randA: number, random: Uint8Array): string {
  const bytes = new Uint8Array(16);
  // 48-bit big-endian timestamp; split because bitwise operators truncate to 32 bits.
  const high = Math.floor(ms / 0x100000000);
  const low = ms >>> 0;
  bytes[0] = (high >>> 8) & 0xff;
  bytes[1] = high & 0xff;
  bytes[2] = (low >>> 24) & 0xff;
  bytes[3] = (low >>> 16) & 0xff;
  bytes[4] = (low >>> 8) & 0xff;
  bytes[5] = low & 0xff;
  bytes[6] = 0x70 | ((randA >>> 8) & 0x0f);
  bytes[7] = randA & 0xff;
  bytes[8] = 0x80 | ((random[0] ?? 0) & 0x3f);
  for (let i = 1; i < 8; i++) bytes[8 + i] = random[i] ?? 0;
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** True for a lowercase UUIDv7 string (what route parameters are checked against). */
export function isUuidV7(value: string): boolean {
  return UUID_V7.test(value);
}
