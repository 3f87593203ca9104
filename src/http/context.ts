import type { Context } from 'hono';
import type { PseudonymKeyStore } from '../export/index.ts';
import type { GridRegistry } from '../service/index.ts';
import type { Principal, Repository } from '../storage/repository.ts';

/** What the app is built from; tests build one app per test on their own database. */
export interface AppDeps {
  repo: Repository;
  grids: GridRegistry;
  /** Current time; injected so tests control expiry, rate limits and occasion windows. */
  clock: () => Date;
  /** Stored beside every score (package.json's version by default). */
  engineVersion: string;
  /** Intervention types accepted (code -> label): the dispositivi, plus any extension. */
  interventionTypes: Readonly<Record<string, string>>;
  /** The client's address, for the authentication failure limit. */
  clientAddress: (c: Context<AppEnv>) => string;
  /** Where unexpected errors are reported (never sent to the client). */
  reportError: (error: unknown) => void;
  /** Research projects' pseudonymisation keys (kept outside the database); exports refuse to run without. */
  pseudonymKeys: PseudonymKeyStore | null;
}

/** Hono environment of the API: the authenticated principal travels in the context. */
export interface AppEnv {
  Variables: { principal: Principal };
}

/** Who a write is recorded as. */
export function actorOf(principal: Principal): { tokenId: number; role: Principal['role'] } {
  return { tokenId: principal.tokenId, role: principal.role };
}
