export { readAttachment } from './read-attachment';
export { DEFAULT_READ_LIMITS, type AttachmentSummary, type ReadLimits, type TableSummary } from './types';
