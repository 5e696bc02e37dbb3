/**
 * Runs once when the server process starts (before any request): republishes the current rules
 * snapshot so nodes that started before the console, or after Redis lost its data, get rules.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startConsole } = await import('./server/start-console');
  await startConsole();
}
