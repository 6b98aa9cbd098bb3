export { AppError, type AppErrorOptions, describeError, isAppError } from './app-error.js';
