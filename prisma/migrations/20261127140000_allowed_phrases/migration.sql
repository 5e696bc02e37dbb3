-- CreateTable
CREATE TABLE "allowed_phrases" (
    "id" TEXT NOT NULL,
    "phrase" TEXT NOT NULL,
    "room_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "allowed_phrases_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "allowed_phrases_room_id_idx" ON "allowed_phrases"("room_id");

-- AddForeignKey
ALTER TABLE "allowed_phrases" ADD CONSTRAINT "allowed_phrases_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE CASCADE;
