/**
 * One autocannon run against a server child: `connections` keep-alive connections on loopback,
 * for `seconds`, each request taking the next body of a shared list (so that concurrent requests
 * carry different administrations), one request in flight per connection.
 */
import autocannon from 'autocannon';
import type { BenchRequest } from './data.ts';

export interface LoadOptions {
  url: string;
  requests: readonly BenchRequest[];
  /** Bearer token sent with every request (the echo ignores it, but receives the same bytes). */
  token: string;
  connections: number;
  seconds: number;
  /** Called with the body of every 2xx answer (the benchmark collects the ids of the real route). */
  onSuccess?: (body: string) => void;
}

/** The figures of one run (latencies in milliseconds). */
export interface LoadResult {
  /** Mean of autocannon's per-second samples of completed requests. */
  requestsPerSecond: number;
  /** Completed requests (any status). */
  completed: number;
  ok: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  seconds: number;
  /** Count of each status code received. */
  statuses: Record<string, number>;
}

/** Runs the load and resolves when autocannon stops by itself after `seconds`. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { requests } = options;
  if (requests.length === 0) throw new Error('runLoad needs at least one request');
  let next = 0;
  const onSuccess = options.onSuccess;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    pipelining: 1,
    duration: options.seconds,
    timeout: 10,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const chosen = requests[next]!;
          next = next + 1 === requests.length ? 0 : next + 1;
          return { ...request, path: chosen.path, body: chosen.body };
        },
        onResponse: (status, body) => {
          if (onSuccess !== undefined && status >= 200 && status < 300) onSuccess(body);
        },
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [code, entry] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = entry.count ?? 0;
  const completed = Object.values(statuses).reduce((sum, n) => sum + n, 0);
  return {
    requestsPerSecond: result.requests.average,
    completed,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    seconds: result.duration,
    statuses,
  };
}
