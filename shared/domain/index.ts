export * from './bearer';
export * from './api-key';
