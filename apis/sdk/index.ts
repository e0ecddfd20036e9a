export { definePack, type PackDefinition } from './pack';
