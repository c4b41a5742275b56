-- Listings that stay fast as items grow (issue 12): the total of an
-- unfiltered listing and the candidates of a substring filter come from
-- structures kept in step with `items` by triggers, in the transaction of
-- each write, instead of a scan of the table per request.
--
-- items_search: FTS5's trigram tokenizer over name and description, an
-- external-content index of `items` (it stores only the index). A needle of
-- three or more characters is a phrase of trigrams, matched through the
-- index; the store re-checks the candidates with the LIKE of the filter, so
-- the results are exactly those of LIKE (the tokenizer folds more case than
-- LIKE's ASCII folding, never less).
CREATE VIRTUAL TABLE items_search USING fts5(
  name, description, content = 'items', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO items_search (items_search) VALUES ('rebuild');

CREATE TRIGGER items_search_insert AFTER INSERT ON items BEGIN
  INSERT INTO items_search (rowid, name, description) VALUES (new.id, new.name, new.description);
END;
CREATE TRIGGER items_search_delete AFTER DELETE ON items BEGIN
  INSERT INTO items_search (items_search, rowid, name, description)
    VALUES ('delete', old.id, old.name, old.description);
END;
CREATE TRIGGER items_search_update AFTER UPDATE OF name, description ON items BEGIN
  INSERT INTO items_search (items_search, rowid, name, description)
    VALUES ('delete', old.id, old.name, old.description);
  INSERT INTO items_search (rowid, name, description) VALUES (new.id, new.name, new.description);
END;

-- item_count: the number of items, one row.
CREATE TABLE item_count (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  total INTEGER NOT NULL
);
INSERT INTO item_count (id, total) SELECT 1, count(*) FROM items;
CREATE TRIGGER item_count_insert AFTER INSERT ON items BEGIN
  UPDATE item_count SET total = total + 1 WHERE id = 1;
END;
CREATE TRIGGER item_count_delete AFTER DELETE ON items BEGIN
  UPDATE item_count SET total = total - 1 WHERE id = 1;
END;
