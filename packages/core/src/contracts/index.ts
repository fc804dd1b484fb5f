export * from './common.js';
export * from './accounts.js';
export * from './units.js';
export * from './audit.js';
export * from './catalog.js';
export * from './templates.js';
export * from './regimes.js';
export * from './assignments.js';
