import { defineModule } from '../module';
import { IndicatorRefresh } from './indicator-refresh.entity';
import { IndicatorResolver } from './indicator.resolver';

/** How often the materialized indicators are refreshed by the worker, in ms (15 minutes). */
export const INDICATOR_REFRESH_MS = 15 * 60_000;

/** Regional indicators computed in SQL, with their kk/ru/en definitions. */
export const indicatorsModule = defineModule({
  name: 'indicators',
  entities: [IndicatorRefresh],
  resolvers: (s) => [new IndicatorResolver(s.indicators)],
  // After the fixtures are in: the materialized views show them from the first request.
  seeders: [async (ctx, _dir, s) => void (await s.indicators.refresh(ctx.em, () => ctx.clock.now()))],
  workers: async (s, { orm, log }) => {
    const timer = setInterval(() => {
      s.indicators.refresh(orm.em.fork({ useContext: false }) as never).catch((error: unknown) => log.error({ err: error }, 'indicator refresh failed'));
    }, INDICATOR_REFRESH_MS);
    timer.unref();
    return async () => clearInterval(timer);
  },
});
