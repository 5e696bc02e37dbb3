-- Room modes (docs/rules.md, "Room modes"): every existing room starts with every mode off.
ALTER TABLE "rooms" ADD COLUMN "slow_mode_seconds" INTEGER,
ADD COLUMN "subscribers_only" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "emoji_only" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "links_off" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "max_message_length" INTEGER,
ADD COLUMN "first_time_wait_seconds" INTEGER;
