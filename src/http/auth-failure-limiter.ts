/**
 * Counts failed authentications per client address in fixed windows and says when an address has
 * failed too often. Memory is bounded: past `maxClients` addresses, the oldest entry goes.
 */
export interface AuthFailureLimiter {
  /** Seconds the address must wait, or 0 when it may try. */
  retryAfter(address: string): number;
  /** Records one failure of the address. */
  fail(address: string): void;
}

export interface AuthFailureLimiterOptions {
  clock: () => Date;
  /** Failures allowed per window (the next request is refused). */
  limit?: number;
  windowMs?: number;
  maxClients?: number;
}

/**
 * @example
 * const limiter = createAuthFailureLimiter({ clock: () => new Date() });
 * limiter.fail('10.0.0.1'); limiter.retryAfter('10.0.0.1') // 0 until the 10th failure
 */
export function createAuthFailureLimiter(options: AuthFailureLimiterOptions): AuthFailureLimiter {
  const limit = options.limit ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  const maxClients = options.maxClients ?? 10_000;
  const windows = new Map<string, { start: number; count: number }>();

  const current = (address: string, now: number): { start: number; count: number } | undefined => {
    const entry = windows.get(address);
    if (entry && now - entry.start >= windowMs) {
      windows.delete(address);
      return undefined;
    }
    return entry;
  };

  return {
    retryAfter(address) {
      const now = options.clock().getTime();
      const entry = current(address, now);
      if (!entry || entry.count < limit) return 0;
      return Math.max(1, Math.ceil((entry.start + windowMs - now) / 1000));
    },
    fail(address) {
      const now = options.clock().getTime();
      const entry = current(address, now);
      if (entry) {
        entry.count += 1;
        return;
      }
      if (windows.size >= maxClients) {
        const oldest = windows.keys().next();
        if (!oldest.done) windows.delete(oldest.value);
      }
      windows.set(address, { start: now, count: 1 });
    },
  };
}
