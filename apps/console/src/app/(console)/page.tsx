import { LiveOverview } from '../../components/live/live-overview';

/** The console's home: every room, node and the pipeline, live. */
export default function OverviewPage() {
  return <LiveOverview />;
}
