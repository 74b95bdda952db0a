// The page's entry, small on purpose: it asks who is signed in and for the first view's data
// at once (boot.ts), then loads the workbench (start.tsx) while the answers come in.
import './boot.ts';
import './styles.css';

import('./start.tsx').catch((error: unknown) => {
  // The workbench's code did not arrive (server gone, or a newer build replaced it).
  const root = document.getElementById('root');
  if (root !== null) root.textContent = `The workbench could not be loaded: reload the page. (${error instanceof Error ? error.message : String(error)})`;
});
