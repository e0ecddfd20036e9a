export { startJsPack, type JsPackRuntime, type StartJsPackOptions } from './js-pack-runtime';
