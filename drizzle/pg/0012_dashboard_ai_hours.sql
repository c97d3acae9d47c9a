CREATE TABLE "dashboard_ai_hours" (
	"hour_start" bigint PRIMARY KEY NOT NULL,
	"legs" integer DEFAULT 0 NOT NULL,
	"input_text_tokens" bigint DEFAULT 0 NOT NULL,
	"input_audio_tokens" bigint DEFAULT 0 NOT NULL,
	"input_cached_tokens" bigint DEFAULT 0 NOT NULL,
	"output_text_tokens" bigint DEFAULT 0 NOT NULL,
	"output_audio_tokens" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- The dashboard's AI usage per hour (dashboard_ai_hours) kept in step by triggers, as dashboard_hours
-- is (0008): the month's AI cost per day reads ~720 rows instead of summing every leg. Each change
-- subtracts the old row's share and adds the new one's; `legs` tells an hour with legs from one whose
-- legs were all deleted. Hours are UTC hour starts in ms, as dialect.hourStart.
CREATE FUNCTION dashboard_ai_hours_add(h bigint, n int, it bigint, ia bigint, ic bigint, ot bigint, oa bigint) RETURNS void LANGUAGE sql AS $$
  INSERT INTO dashboard_ai_hours AS d (hour_start, legs, input_text_tokens, input_audio_tokens, input_cached_tokens, output_text_tokens, output_audio_tokens)
  VALUES (h, n, it, ia, ic, ot, oa)
  ON CONFLICT (hour_start) DO UPDATE SET legs = d.legs + excluded.legs, input_text_tokens = d.input_text_tokens + excluded.input_text_tokens,
    input_audio_tokens = d.input_audio_tokens + excluded.input_audio_tokens, input_cached_tokens = d.input_cached_tokens + excluded.input_cached_tokens,
    output_text_tokens = d.output_text_tokens + excluded.output_text_tokens, output_audio_tokens = d.output_audio_tokens + excluded.output_audio_tokens
$$;
--> statement-breakpoint
CREATE FUNCTION dashboard_ai_hours_legs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The worker adding a response's tokens (addAiUsage): one upsert of the difference in the leg's hour.
  IF TG_OP = 'UPDATE' AND OLD.started_at IS NOT DISTINCT FROM NEW.started_at THEN
    PERFORM dashboard_ai_hours_add((floor(extract(epoch from NEW.started_at) / 3600) * 3600000)::bigint, 0, NEW.input_text_tokens - OLD.input_text_tokens,
      NEW.input_audio_tokens - OLD.input_audio_tokens, NEW.input_cached_tokens - OLD.input_cached_tokens, NEW.output_text_tokens - OLD.output_text_tokens,
      NEW.output_audio_tokens - OLD.output_audio_tokens);
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM dashboard_ai_hours_add((floor(extract(epoch from OLD.started_at) / 3600) * 3600000)::bigint, -1, -OLD.input_text_tokens, -OLD.input_audio_tokens,
      -OLD.input_cached_tokens, -OLD.output_text_tokens, -OLD.output_audio_tokens);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM dashboard_ai_hours_add((floor(extract(epoch from NEW.started_at) / 3600) * 3600000)::bigint, 1, NEW.input_text_tokens, NEW.input_audio_tokens,
      NEW.input_cached_tokens, NEW.output_text_tokens, NEW.output_audio_tokens);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Deferred to the commit, as dashboard_hours' triggers are (0008): the hour's one row is the last lock
-- a transaction takes, held only for the commit, so concurrent legs never deadlock on it.
CREATE CONSTRAINT TRIGGER dashboard_ai_hours_aid AFTER INSERT OR DELETE ON ai_legs DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_ai_hours_legs();
--> statement-breakpoint
-- The worker adds each response's tokens to its leg (addAiUsage): a change of start or tokens only.
CREATE CONSTRAINT TRIGGER dashboard_ai_hours_au AFTER UPDATE OF started_at, input_text_tokens, input_audio_tokens, input_cached_tokens, output_text_tokens, output_audio_tokens
  ON ai_legs DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.started_at IS DISTINCT FROM NEW.started_at OR OLD.input_text_tokens IS DISTINCT FROM NEW.input_text_tokens OR OLD.input_audio_tokens IS DISTINCT FROM NEW.input_audio_tokens
    OR OLD.input_cached_tokens IS DISTINCT FROM NEW.input_cached_tokens OR OLD.output_text_tokens IS DISTINCT FROM NEW.output_text_tokens OR OLD.output_audio_tokens IS DISTINCT FROM NEW.output_audio_tokens)
  EXECUTE FUNCTION dashboard_ai_hours_legs();
--> statement-breakpoint
-- Backfill after the triggers exist: CREATE TRIGGER locks out writers until this migration commits.
INSERT INTO dashboard_ai_hours (hour_start, legs, input_text_tokens, input_audio_tokens, input_cached_tokens, output_text_tokens, output_audio_tokens)
SELECT (floor(extract(epoch from started_at) / 3600) * 3600000)::bigint, count(*), sum(input_text_tokens), sum(input_audio_tokens), sum(input_cached_tokens),
  sum(output_text_tokens), sum(output_audio_tokens)
FROM ai_legs GROUP BY 1;
