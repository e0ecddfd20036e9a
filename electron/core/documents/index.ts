export { readAttachment } from './read-attachment';
