export { EXPORT_LISTS } from './export.lists';
export { csvField } from './export.writers';
export { exportsModule } from './exports.module';
