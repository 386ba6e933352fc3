export * from './version.js';
export * from './errors.js';
export * from './primitives.js';
export * from './define.js';
export * from './registry.js';
export * from './http.js';
