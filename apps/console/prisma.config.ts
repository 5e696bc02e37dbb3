// Prisma CLI config (Prisma 7 reads URLs from here, not from the schema).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: '../../prisma/schema.prisma',
  migrations: { path: '../../prisma/migrations' },
  datasource: {
    // `prisma generate` needs no database; the default keeps it working on a clean clone.
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tribune',
  },
});
