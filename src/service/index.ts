/** Domain services of the recording service; they know nothing of HTTP. */
export * from './access-policy.ts';
export * from './administrations.ts';
export * from './cases.ts';
export * from './engine-version.ts';
export * from './grid-registry.ts';
export * from './interventions.ts';
export * from './occasion-timing.ts';
export * from './comparability.ts';
export * from './trajectory.ts';
export * from './effectiveness.ts';
export * from './idempotency.ts';
export * from './rescore.ts';
