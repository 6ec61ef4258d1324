// The workbench screen: the experiment builder on the left; runs, live charts, sweeps, comparison, verdict cards,
// samples, the paper panel and files on the right. The backend is always visible in the header.
import { ExperimentBuilder } from './builder/ExperimentBuilder';
import { ChartPanel } from './charts/ChartPanel';
import { Notices } from './Notices';
import { ComparisonTable } from './panels/ComparisonTable';
import { ImportExport } from './panels/ImportExport';
import { PaperPanel } from './panels/PaperPanel';
import { SamplesPanel } from './panels/SamplesPanel';
import { SweepPanel } from './panels/SweepPanel';
import { VerdictCards } from './panels/VerdictCards';
import { BackendBadge } from './runs/BackendBadge';
import { RunQueue } from './runs/RunQueue';

export function App() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to runs and charts
      </a>
      <header className="app-header">
        <h1>PaLM Workbench</h1>
        <BackendBadge />
      </header>
      <Notices />
      <div className="layout">
        <aside className="sidebar">
          <ExperimentBuilder />
        </aside>
        <main id="main" tabIndex={-1}>
          <RunQueue />
          <ImportExport />
          <ChartPanel />
          <SweepPanel />
          <ComparisonTable />
          <VerdictCards />
          <SamplesPanel />
          <PaperPanel />
        </main>
      </div>
    </>
  );
}
