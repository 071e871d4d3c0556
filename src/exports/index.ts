export { EXPORT_LISTS } from './export.lists';
export { csvField, csvTransform } from './export.writers';
export { exportsModule } from './exports.module';
