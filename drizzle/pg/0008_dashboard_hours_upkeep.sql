-- Custom SQL migration file, put your code below! --
-- The dashboard's hourly tallies (table dashboard_hours, from 0007) kept in step by triggers: every
-- write path, erasure and cascades included, keeps them right without knowing of them, and a month
-- on the dashboard reads ~720 rows instead of recounting every call. Each change subtracts the old
-- row's share and adds the new one's. Hours are UTC hour starts in ms, as dialect.hourStart.
CREATE FUNCTION dashboard_hours_add(h bigint, c int, i int, o int, ds bigint, dn int, cg int, cd int) RETURNS void LANGUAGE sql AS $$
  INSERT INTO dashboard_hours AS d (hour_start, calls, inbound, outbound, duration_sum, duration_n, consent_given, consent_declined)
  VALUES (h, c, i, o, ds, dn, cg, cd)
  ON CONFLICT (hour_start) DO UPDATE SET calls = d.calls + excluded.calls, inbound = d.inbound + excluded.inbound, outbound = d.outbound + excluded.outbound,
    duration_sum = d.duration_sum + excluded.duration_sum, duration_n = d.duration_n + excluded.duration_n,
    consent_given = d.consent_given + excluded.consent_given, consent_declined = d.consent_declined + excluded.consent_declined
$$;
--> statement-breakpoint
CREATE FUNCTION dashboard_hours_calls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM dashboard_hours_add((floor(extract(epoch from OLD.started_at) / 3600) * 3600000)::bigint, -1, -(OLD.direction = 'inbound')::int,
      -(OLD.direction = 'outbound')::int, -coalesce(OLD.duration_s, 0), -(OLD.duration_s IS NOT NULL)::int, 0, 0);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM dashboard_hours_add((floor(extract(epoch from NEW.started_at) / 3600) * 3600000)::bigint, 1, (NEW.direction = 'inbound')::int,
      (NEW.direction = 'outbound')::int, coalesce(NEW.duration_s, 0), (NEW.duration_s IS NOT NULL)::int, 0, 0);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION dashboard_hours_consents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM dashboard_hours_add((floor(extract(epoch from OLD.at) / 3600) * 3600000)::bigint, 0, 0, 0, 0, 0, -(OLD.given)::int, -(NOT OLD.given)::int);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM dashboard_hours_add((floor(extract(epoch from NEW.at) / 3600) * 3600000)::bigint, 0, 0, 0, 0, 0, (NEW.given)::int, (NOT NEW.given)::int);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Deferred to the commit: every call of an hour updates that hour's one row, and a row lock held
-- from a call's insert to the end of its transaction made concurrent turns deadlock on the other
-- locks they take (the order a new number creates). At the commit the tally row is the last lock
-- a transaction takes, and it holds it only for the commit.
CREATE CONSTRAINT TRIGGER dashboard_hours_calls_aid AFTER INSERT OR DELETE ON calls DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_hours_calls();
--> statement-breakpoint
-- Status webhooks update calls all the time; only a change of start, direction or duration matters.
CREATE CONSTRAINT TRIGGER dashboard_hours_calls_au AFTER UPDATE OF started_at, direction, duration_s ON calls DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.started_at IS DISTINCT FROM NEW.started_at OR OLD.direction IS DISTINCT FROM NEW.direction OR OLD.duration_s IS DISTINCT FROM NEW.duration_s)
  EXECUTE FUNCTION dashboard_hours_calls();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER dashboard_hours_consents_aid AFTER INSERT OR DELETE ON consents DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_hours_consents();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER dashboard_hours_consents_au AFTER UPDATE OF at, given ON consents DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.at IS DISTINCT FROM NEW.at OR OLD.given IS DISTINCT FROM NEW.given)
  EXECUTE FUNCTION dashboard_hours_consents();
--> statement-breakpoint
-- Backfill after the triggers exist: CREATE TRIGGER locks out writers until this migration commits,
-- so no call slips between the count and the upkeep.
INSERT INTO dashboard_hours (hour_start, calls, inbound, outbound, duration_sum, duration_n)
SELECT (floor(extract(epoch from started_at) / 3600) * 3600000)::bigint, count(*), count(*) FILTER (WHERE direction = 'inbound'),
  count(*) FILTER (WHERE direction = 'outbound'), coalesce(sum(duration_s), 0), count(duration_s)
FROM calls GROUP BY 1;
--> statement-breakpoint
INSERT INTO dashboard_hours AS d (hour_start, consent_given, consent_declined)
SELECT (floor(extract(epoch from at) / 3600) * 3600000)::bigint, count(*) FILTER (WHERE given), count(*) FILTER (WHERE NOT given) FROM consents GROUP BY 1
ON CONFLICT (hour_start) DO UPDATE SET consent_given = d.consent_given + excluded.consent_given, consent_declined = d.consent_declined + excluded.consent_declined;
