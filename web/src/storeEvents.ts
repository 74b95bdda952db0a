// Views that change the store say so; views that summarise it (the top bar) refresh.
export const STORE_CHANGED_EVENT = 'tearline:store-changed';

export function announceStoreChanged(): void {
  window.dispatchEvent(new Event(STORE_CHANGED_EVENT));
}
