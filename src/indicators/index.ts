export { INDICATORS, indicatorByCode, type IndicatorDefinition, type IndicatorColumn } from './indicator.definitions';
export { IndicatorRefresh } from './indicator-refresh.entity';
export { IndicatorService, MATERIALIZED_VIEWS, type IndicatorFilter, type PreparedIndicator } from './indicator.service';
export { indicatorsModule } from './indicators.module';
