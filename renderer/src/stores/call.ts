import type { RouteInput, RouteName, RouteOutput, SwitchboardBridge } from '../../../electron/shared/contract';
import { fail, type Result } from '../../../electron/shared/result';
import { errorMessage } from '../../../electron/shared/errors';

/** bridge.request, but a bridge that throws (a broken preload, a bug) still yields a Result the UI can show. */
export async function call<R extends RouteName>(bridge: SwitchboardBridge, route: R, input: RouteInput<R>): Promise<Result<RouteOutput<R>>> {
  try {
    return await bridge.request(route, input);
  } catch (error) {
    return fail('INTERNAL', `${route} failed: ${errorMessage(error)}`);
  }
}
