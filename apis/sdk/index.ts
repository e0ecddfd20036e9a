export * from './document';
export * from './manifest';
export * from './pack';
export * from './office-guard';
export * from './csv';
export * from './image-info';
export * from './error-message';
