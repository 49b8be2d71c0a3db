// "Skriv ut" buttons.
import { $$ } from "../dom.js";

export function start() {
  for (const button of $$("[data-dfs-print]")) button.addEventListener("click", () => window.print());
}
