export {
  INDICATORS,
  indicatorByCode,
  defineIndicator,
  scopedWhere,
  type IndicatorDefinition,
  type IndicatorColumn,
  type IndicatorSpec,
  type FilterColumns,
} from './indicator.definitions';
export { IndicatorRefresh } from './indicator-refresh.entity';
export { IndicatorService, MATERIALIZED_VIEWS, type IndicatorFilter, type PreparedIndicator } from './indicator.service';
export { indicatorsModule } from './indicators.module';
