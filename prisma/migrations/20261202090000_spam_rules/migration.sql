-- Spam rules and the spam settings (exempt roles). The default policy is seeded by the console at its first start
-- (apps/console/src/server/rules/spam-seed.ts), from the engine's own definition, not copied here.

-- CreateEnum
CREATE TYPE "SpamKind" AS ENUM ('rate', 'slow_mode', 'duplicate', 'raid', 'repetition', 'caps', 'max_length', 'links', 'mentions', 'roles');

-- CreateEnum
CREATE TYPE "SpamAction" AS ENUM ('reject', 'mask', 'hold', 'timeout');

-- CreateTable
CREATE TABLE "spam_rules" (
    "id" TEXT NOT NULL,
    "kind" "SpamKind" NOT NULL,
    "room_id" TEXT,
    "action" "SpamAction" NOT NULL DEFAULT 'reject',
    "timeout_seconds" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "params" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "spam_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "spam_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "exempt_roles" TEXT[],
    "seeded_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "spam_settings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "spam_rules_room_id_idx" ON "spam_rules"("room_id");

-- AddForeignKey
ALTER TABLE "spam_rules" ADD CONSTRAINT "spam_rules_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE CASCADE;
