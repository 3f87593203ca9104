/** Grid versions: the change between two versions, the semver check of a bump, the version before a file. */
export * from './semver.ts';
export * from './change.ts';
export * from './crosswalk.ts';
export * from './diff.ts';
export * from './bump.ts';
export * from './folder.ts';
