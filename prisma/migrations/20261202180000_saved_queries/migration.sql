-- Saved queries of the Explore workspace: owner, name, SQL, parameter values, shared flag.
CREATE TABLE "saved_queries" (
    "id" TEXT NOT NULL,
    "owner_id" TEXT NOT NULL,
    "owner_label" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sql" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "saved_queries_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "saved_queries_owner_id_name_key" ON "saved_queries"("owner_id", "name");
CREATE INDEX "saved_queries_shared_idx" ON "saved_queries"("shared");
