export { startJsPack } from './js-pack-runtime';
