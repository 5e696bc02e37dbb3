-- Issue 9 §2-3: operator roles and room scope, disabled operators, session idle timeout, API tokens, audit log.
CREATE TYPE "OperatorRole" AS ENUM ('admin', 'moderator', 'analyst');

-- Every operator that exists before roles did everything: they stay admins. New ones default to analyst.
ALTER TABLE "operators" ADD COLUMN "role" "OperatorRole" NOT NULL DEFAULT 'admin';
ALTER TABLE "operators" ALTER COLUMN "role" SET DEFAULT 'analyst';
ALTER TABLE "operators" ADD COLUMN "rooms" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "operators" ADD COLUMN "disabled_at" TIMESTAMP(3);

ALTER TABLE "sessions" ADD COLUMN "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "sessions" ADD COLUMN "ip" TEXT;
ALTER TABLE "sessions" ADD COLUMN "user_agent" TEXT;

CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "role" "OperatorRole" NOT NULL,
    "rooms" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "created_by_id" TEXT,
    "expires_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "last_used_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_kind" TEXT NOT NULL,
    "actor_id" TEXT,
    "actor_label" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "room" TEXT,
    "before" JSONB,
    "after" JSONB,
    "ip" TEXT,
    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "audit_log_actor_kind_check" CHECK ("actor_kind" IN ('operator', 'token', 'system'))
);
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");
CREATE INDEX "audit_log_actor_id_at_idx" ON "audit_log"("actor_id", "at");
CREATE INDEX "audit_log_room_at_idx" ON "audit_log"("room", "at");
CREATE INDEX "audit_log_action_at_idx" ON "audit_log"("action", "at");

-- Append-only for real: the console's own role cannot rewrite history either (only a superuser dropping the
-- trigger could, and that is itself visible in the schema).
CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();
