export * from './document';
export * from './manifest';
export * from './pack';
