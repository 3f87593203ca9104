/**
 * Identity: bearer token secrets, their hashes, and resolving a secret to a Principal.
 */
export { TOKEN_PREFIX, generateTokenSecret, hashTokenSecret, looksLikeTokenSecret, verifyToken } from './tokens.ts';
