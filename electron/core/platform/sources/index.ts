export { fetchPackSource, type FetchPackSourceOptions, type PackSource, type PackSourceKind } from './fetch-pack-source';
export { PackError, isPackError, type PackErrorCode } from './pack-error';
