// The classification of this deployment, shown in the top and bottom banners. The demo
// deployment holds unclassified demonstration data only. When the server publishes its
// configured marking (markings/config API), the shell will read it from there instead.
import type { ClassificationLevel } from './components/ClassificationBanner.tsx';

export const SYSTEM_MARKING: { readonly level: ClassificationLevel; readonly text: string } = {
  level: 'U',
  text: 'UNCLASSIFIED//DEMO',
};
