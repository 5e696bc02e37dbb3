-- Erasures of one viewer's data (docs/privacy.md): the record that it happened, not the data.
CREATE TABLE "erasures" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "report" JSONB NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "erasures_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "erasures_user_id_idx" ON "erasures"("user_id");
