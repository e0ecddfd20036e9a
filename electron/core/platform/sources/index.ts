export { fetchPackSource } from './fetch-pack-source';
export { isPackError, type PackErrorCode } from './pack-error';
