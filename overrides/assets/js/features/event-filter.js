// The event calendar's filter by municipality.
import { $, $$ } from "../dom.js";

export function start() {
  const form = $("[data-dfs-event-filter]");
  if (!form) return;
  const select = $("select", form);
  form.addEventListener("change", () => {
    for (const item of $$(".dfs-event")) item.hidden = select.value !== "" && item.dataset.municipality !== select.value;
  });
  form.addEventListener("submit", (e) => e.preventDefault());
  form.hidden = false;
}
