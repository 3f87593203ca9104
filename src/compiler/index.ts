/** The grid compiler: response schema, types, scorer, form model and codebook of a grid version. */
export type * from './types.ts';
