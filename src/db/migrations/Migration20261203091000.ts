import { Migration } from '@mikro-orm/migrations';

/**
 * The twelve fixture organisations had BINs whose check digit was wrong, numbers the API itself
 * refuses (`registerOrganization` → BIN_CHECKSUM). The fixtures now carry the same numbers with
 * the right twelfth digit, and the seed checks every BIN it upserts. A database seeded before
 * keeps its organisations, people and keys: each old number becomes the new one in place, so
 * seeding again updates these rows instead of adding twelve more. A row is renamed only while its
 * old number is there and the new one is not; no valid BIN is touched (every old number fails
 * its check digit, so no organisation the API registered can hold one). Data only: no schema change.
 */
const RENUMBERED: readonly [string, string][] = [
  ['990140000011', '990140000017'],
  ['990140000022', '990140000027'],
  ['990140000033', '990140000037'],
  ['990140000044', '990140000047'],
  ['990240000015', '990240000010'],
  ['990240000026', '990240000020'],
  ['990240000037', '990240000030'],
  ['990240000048', '990240000040'],
  ['010340000019', '010340000011'],
  ['020440000028', '020440000027'],
  ['030540000037', '030540000032'],
  ['040640000046', '040640000048'],
];

export class Migration20261203091000 extends Migration {
  override async up(): Promise<void> {
    for (const [old, renumbered] of RENUMBERED) {
      this.addSql(
        `update "organization" set "bin" = '${renumbered}' where "bin" = '${old}' and not exists (select 1 from "organization" where "bin" = '${renumbered}');`,
      );
    }
  }

  override async down(): Promise<void> {
    for (const [old, renumbered] of RENUMBERED) {
      this.addSql(`update "organization" set "bin" = '${old}' where "bin" = '${renumbered}' and not exists (select 1 from "organization" where "bin" = '${old}');`);
    }
  }
}
