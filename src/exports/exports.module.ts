import { defineModule } from '../module';
import { exportRoutes } from './export.routes';

/** Streamed CSV and XLSX downloads of the indicators and the main lists. */
export const exportsModule = defineModule({
  name: 'exports',
  authenticatedRoutes: (s, { log }) => ({ '/exports': exportRoutes(s.indicators, log.child({ module: 'exports' })) }),
});
