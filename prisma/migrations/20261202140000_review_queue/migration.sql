-- Review queue decisions and "allow this" regression cases (issue 9 §1).
CREATE TABLE "review_decisions" (
    "id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "room_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "decided_by" TEXT,
    "decided_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_decisions_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "review_decisions_message_id_key" ON "review_decisions"("message_id");
CREATE INDEX "review_decisions_room_id_decided_at_idx" ON "review_decisions"("room_id", "decided_at");

CREATE TABLE "regression_cases" (
    "id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "room_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "roles" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "text" TEXT NOT NULL,
    "allowed_phrase_id" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "regression_cases_pkey" PRIMARY KEY ("id")
);
