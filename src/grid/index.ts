/** The grid definition language: types, meta-schema validation and semantic rules. */
export type * from './types.ts';
export * from './walk.ts';
export * from './canonical.ts';
