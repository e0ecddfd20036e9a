export { loadLocalProvider } from './lazy-loader';
