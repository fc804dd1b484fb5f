export * from './contracts/index.js';
export * from './permissions.js';
export * from './text.js';
export * from './canonical-json.js';
export * from './templates/index.js';
export * from './formula/index.js';
export * from './periods/index.js';
export * from './regimes/index.js';
