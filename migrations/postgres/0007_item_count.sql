-- The total of an unfiltered listing, kept in step with `items` (issue 12):
-- a count(*) is an index-only scan of every row, 17-23 listings a second
-- at 1 000 000 items. One count row, as on SQLite, would serialize the
-- writers of every instance on its lock. Instead there are 64 shards and a
-- reader sums them (the store's Count). A transaction adds its changes to
-- one shard, which it keeps locked until it ends: its backend's own
-- (pg_backend_pid() % 64), or while another transaction holds that one, the
-- next that no one holds. So a long import never makes a POST wait, and
-- only 64 transactions writing at once would. The shard a transaction took
-- is in its local setting itemctl.item_count_shard.
--
-- The triggers run once per statement and count its rows in its transition
-- table. A bulk write (item import, db copy) inserts 1 000 rows per
-- statement, so it updates its shard once per 1 000 rows: each update of a
-- row leaves a dead version that the transaction's later updates of it step
-- over, quadratic if it happened once per row.
CREATE TABLE item_count_shards (
  shard INTEGER PRIMARY KEY,
  total BIGINT NOT NULL
);
INSERT INTO item_count_shards (shard, total)
  SELECT shard, CASE WHEN shard = 0 THEN (SELECT count(*) FROM items) ELSE 0 END
  FROM generate_series(0, 63) AS shard;

CREATE FUNCTION item_count_add(delta BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  own CONSTANT INTEGER := pg_backend_pid() % 64;
  chosen INTEGER := nullif(current_setting('itemctl.item_count_shard', true), '')::INTEGER;
BEGIN
  IF chosen IS NULL THEN
    SELECT shard INTO chosen FROM item_count_shards WHERE shard = own FOR UPDATE SKIP LOCKED;
    IF chosen IS NULL THEN
      SELECT shard INTO chosen FROM item_count_shards
        ORDER BY (shard - own + 64) % 64 LIMIT 1 FOR UPDATE SKIP LOCKED;
    END IF;
    -- All 64 held: wait for the own one.
    chosen := coalesce(chosen, own);
    PERFORM set_config('itemctl.item_count_shard', chosen::TEXT, true);
  END IF;
  UPDATE item_count_shards SET total = total + delta WHERE shard = chosen;
END $$;

CREATE FUNCTION item_count_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM item_count_add(count(*)) FROM inserted_items HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE FUNCTION item_count_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM item_count_add(-count(*)) FROM deleted_items HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE FUNCTION item_count_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE item_count_shards SET total = 0;
  RETURN NULL;
END $$;

CREATE TRIGGER item_count_insert AFTER INSERT ON items
  REFERENCING NEW TABLE AS inserted_items
  FOR EACH STATEMENT EXECUTE FUNCTION item_count_after_insert();
CREATE TRIGGER item_count_delete AFTER DELETE ON items
  REFERENCING OLD TABLE AS deleted_items
  FOR EACH STATEMENT EXECUTE FUNCTION item_count_after_delete();
CREATE TRIGGER item_count_truncate AFTER TRUNCATE ON items
  FOR EACH STATEMENT EXECUTE FUNCTION item_count_after_truncate();
