-- Custom SQL migration file, put your code below! ---- The dashboard's order tallies (from 0009) kept in step by triggers, as the hourly ones are (0008):
-- every write path, cascades and erasure included, keeps them right without knowing of them. Each
-- change subtracts the old row's share and adds the new one's: one row upsert per link or order.
-- Days are UTC day starts in ms. A row whose count falls to 0 stays; the dashboard skips it.
CREATE FUNCTION dashboard_order_days_calls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO dashboard_order_days AS d (order_id, day_start, calls) VALUES (OLD.order_id, (floor(extract(epoch from OLD.at) / 86400) * 86400000)::bigint, -1)
    ON CONFLICT (order_id, day_start) DO UPDATE SET calls = d.calls + excluded.calls;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO dashboard_order_days AS d (order_id, day_start, calls) VALUES (NEW.order_id, (floor(extract(epoch from NEW.at) / 86400) * 86400000)::bigint, 1)
    ON CONFLICT (order_id, day_start) DO UPDATE SET calls = d.calls + excluded.calls;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION dashboard_orders_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO dashboard_orders AS d (status, source, orders) VALUES (OLD.status, OLD.source, -1)
    ON CONFLICT (status, source) DO UPDATE SET orders = d.orders + excluded.orders;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO dashboard_orders AS d (status, source, orders) VALUES (NEW.status, NEW.source, 1)
    ON CONFLICT (status, source) DO UPDATE SET orders = d.orders + excluded.orders;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Deferred to the commit, as the hourly tallies' triggers are (0008): a popular order's day row and
-- the few status rows are shared by concurrent turns, and a lock on them held from the write to the
-- end of the transaction would order those turns' other locks into deadlocks.
CREATE CONSTRAINT TRIGGER dashboard_order_days_aid AFTER INSERT OR DELETE ON order_calls DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_order_days_calls();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER dashboard_order_days_au AFTER UPDATE OF order_id, at ON order_calls DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.order_id IS DISTINCT FROM NEW.order_id OR OLD.at IS DISTINCT FROM NEW.at)
  EXECUTE FUNCTION dashboard_order_days_calls();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER dashboard_orders_aid AFTER INSERT OR DELETE ON orders DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_orders_count();
--> statement-breakpoint
-- Orders are updated for notes and edits too; only a change of status or source matters.
CREATE CONSTRAINT TRIGGER dashboard_orders_au AFTER UPDATE OF status, source ON orders DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.source IS DISTINCT FROM NEW.source)
  EXECUTE FUNCTION dashboard_orders_count();
--> statement-breakpoint
-- Backfill after the triggers exist: CREATE TRIGGER locks out writers until this migration commits.
INSERT INTO dashboard_order_days (order_id, day_start, calls)
SELECT order_id, (floor(extract(epoch from at) / 86400) * 86400000)::bigint, count(*) FROM order_calls GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO dashboard_orders (status, source, orders) SELECT status, source, count(*) FROM orders GROUP BY 1, 2;
