/**
 * The error vocabulary every boundary speaks. `errorMessage` is defined once, in the sdk (packs can import
 * nothing else), and re-exported here for core, hosts and the renderer.
 */
export { errorMessage } from '../../apis/sdk';
