/**
 * The statistics of change over time: pure functions over numbers and score metadata, with no
 * storage and no HTTP. See docs/statistics.md for every formula and option.
 */
export * from './not-computed.ts';
export * from './descriptive.ts';
export * from './distributions.ts';
export * from './noncentral-t.ts';
export * from './reliable-change.ts';
export * from './effect-size.ts';
export * from './wilcoxon.ts';
export * from './mcnemar.ts';
export * from './cronbach.ts';
export * from './band-of.ts';
export * from './disclosure.ts';
export * from './trajectory.ts';
export * from './cohort.ts';
