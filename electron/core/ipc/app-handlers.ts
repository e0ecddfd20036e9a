import type { AppInfo, Handlers } from '../../shared/contract';

/** app.info (what this core is and where its data lives) and events.subscribe (which events a client receives). */
export function appHandlers(info: AppInfo): Pick<Handlers, 'app.info' | 'events.subscribe'> {
  return {
    'app.info': async () => info,
    'events.subscribe': async (input, ctx) => {
      ctx.client.setSubscriptions(input.events);
      return { events: [...new Set(input.events)] };
    },
  };
}
