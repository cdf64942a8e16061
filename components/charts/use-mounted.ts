import { useSyncExternalStore } from "react";

const subscribeNothing = () => () => undefined;

/** False while rendering on the server and hydrating, true after: recharts can only draw once it can measure. */
export function useMounted(): boolean {
  return useSyncExternalStore(subscribeNothing, () => true, () => false);
}
