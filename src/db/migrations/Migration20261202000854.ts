import { Migration } from '@mikro-orm/migrations';

/**
 * Credential signing keys sealed at rest (issue 14): a column for the sealed private key, and the
 * plaintext column may be empty. Additive: existing keys keep their plaintext until the API's
 * start-up step (`SigningKeyService.sealPlaintextKeys`) seals each one and clears it.
 */
export class Migration20261202000854 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "signing_key" add column "private_key_sealed" text null;`);
    this.addSql(`alter table "signing_key" alter column "private_key_pem" drop not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "signing_key" drop column "private_key_sealed";`);
    this.addSql(`alter table "signing_key" alter column "private_key_pem" set not null;`);
  }

}
