import type { Actor } from './repository.ts';

/**
 * Who the command line acts as: whoever may open the database file administers it, and holds no
 * token. Audit entries of `griglie team create`, `griglie token create`, ... carry this.
 */
export const COMMAND_LINE_ACTOR: Actor = Object.freeze({ tokenId: null, role: 'admin' });
