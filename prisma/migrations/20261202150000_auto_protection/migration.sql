-- Automatic protection (docs/rules.md, "Automatic protection"): per-room arming and state, and what it did.
CREATE TYPE "ProtectionAction" AS ENUM ('slow_mode', 'subscribers_only');
CREATE TYPE "ProtectionEventKind" AS ENUM ('engaged', 'extended', 'reverted', 'released');

CREATE TABLE "room_protection" (
    "room_id" TEXT NOT NULL,
    "armed" BOOLEAN NOT NULL DEFAULT false,
    "action" "ProtectionAction" NOT NULL DEFAULT 'slow_mode',
    "slow_mode_seconds" INTEGER NOT NULL DEFAULT 30,
    "duration_seconds" INTEGER NOT NULL DEFAULT 300,
    "factor" DOUBLE PRECISION NOT NULL DEFAULT 5,
    "min_rate_per_second" DOUBLE PRECISION NOT NULL DEFAULT 5,
    "min_refused_percent" DOUBLE PRECISION NOT NULL DEFAULT 30,
    "engaged_at" TIMESTAMP(3),
    "engaged_until" TIMESTAMP(3),
    "engaged_reason" TEXT,
    "previous_modes" JSONB,
    "applied_modes" JSONB,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "room_protection_pkey" PRIMARY KEY ("room_id"),
    CONSTRAINT "room_protection_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "protection_events" (
    "id" TEXT NOT NULL,
    "room_id" TEXT NOT NULL,
    "kind" "ProtectionEventKind" NOT NULL,
    "reason" TEXT NOT NULL,
    "rules_version" INTEGER,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "protection_events_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "protection_events_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "protection_events_room_id_at_idx" ON "protection_events"("room_id", "at");
