import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A log of the transactions that changed which sizes are available where, so that a server can keep
 * a store's availability in memory and know, in the snapshot of a request's own statement, whether
 * it is still exact: the request passes the snapshot the copy was read in, and any logged change
 * committed since (visible to the request, not to that snapshot) means "read it again".
 *
 * Rows are appended by triggers, once per transaction and store, and only when availability itself
 * changes (a unit going from on hand to reserved while others remain changes nothing a list shows).
 * An append-only log needs no shared row: concurrent checkouts never wait on each other for it, and
 * commit order cannot hide a change (visibility is decided by the transaction id, not by a counter).
 */
export class StockChanges1795340700000 implements MigrationInterface {
  name = 'StockChanges1795340700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "stock_change" ("id" BIGSERIAL NOT NULL, "store_id" uuid NOT NULL, "xid" xid8 NOT NULL DEFAULT pg_current_xact_id(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_stock_change" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_stock_change_store_xid" ON "stock_change" ("store_id", "xid")`);
    await queryRunner.query(`CREATE INDEX "idx_stock_change_xid" ON "stock_change" ("xid")`);
    await queryRunner.query(`CREATE INDEX "idx_stock_change_created" ON "stock_change" ("created_at")`);
    // Once per transaction and store: a transaction-local setting remembers that this one logged it.
    await queryRunner.query(`CREATE FUNCTION mf_log_stock_change(store uuid) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        marker text := 'mirrorfit.stock_' || replace(store::text, '-', '');
        tx text := pg_current_xact_id()::text;
      BEGIN
        IF current_setting(marker, true) IS NOT DISTINCT FROM tx THEN RETURN; END IF;
        INSERT INTO stock_change (store_id) VALUES (store);
        PERFORM set_config(marker, tx, true);
      END $$`);
    await queryRunner.query(`CREATE FUNCTION mf_inventory_stock_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        was_available boolean := TG_OP <> 'INSERT' AND OLD.on_hand > OLD.reserved;
        is_available boolean := TG_OP <> 'DELETE' AND NEW.on_hand > NEW.reserved;
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.store_id = NEW.store_id AND OLD.variant_id = NEW.variant_id AND was_available = is_available THEN RETURN NULL; END IF;
        IF was_available THEN PERFORM mf_log_stock_change(OLD.store_id); END IF;
        IF is_available THEN PERFORM mf_log_stock_change(NEW.store_id); END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "trg_inventory_stock_change" AFTER INSERT OR UPDATE OR DELETE ON "inventory" FOR EACH ROW EXECUTE FUNCTION mf_inventory_stock_change()`,
    );
    // A variant that changes size or product moves its available units with it.
    await queryRunner.query(`CREATE FUNCTION mf_variant_stock_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM mf_log_stock_change(i.store_id) FROM inventory i WHERE i.variant_id = NEW.id AND i.on_hand > i.reserved;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "trg_variant_stock_change" AFTER UPDATE OF "product_id", "size_label" ON "variant" FOR EACH ROW
       WHEN (OLD.product_id IS DISTINCT FROM NEW.product_id OR OLD.size_label IS DISTINCT FROM NEW.size_label) EXECUTE FUNCTION mf_variant_stock_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "trg_variant_stock_change" ON "variant"`);
    await queryRunner.query(`DROP TRIGGER "trg_inventory_stock_change" ON "inventory"`);
    await queryRunner.query(`DROP FUNCTION mf_variant_stock_change()`);
    await queryRunner.query(`DROP FUNCTION mf_inventory_stock_change()`);
    await queryRunner.query(`DROP FUNCTION mf_log_stock_change(uuid)`);
    await queryRunner.query(`DROP TABLE "stock_change"`);
  }
}
