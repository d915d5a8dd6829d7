/**
 * Kept, empty, for stacks written before version 0.2. The provider code stored in their state
 * (see shell.ts) requires `<program directory>/resources/common/tsRequire` (then a TypeScript
 * loader) and then `<program directory>/resources/<kind>/provider`. The program directory is now
 * dist/ (Pulumi.yaml `main: dist/index.js`), where this module compiles to
 * dist/resources/common/tsRequire.js and the providers to dist/resources/<kind>/provider.js: so
 * that stored code loads the compiled providers, with no TypeScript loader, until the resource's
 * next update stores the current shell.
 */
export {};
