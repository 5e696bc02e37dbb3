export * from './compose-file';
export * from './required-variables';
