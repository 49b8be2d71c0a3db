// The catalogue's filter by area and level.
import { $, $$ } from "../dom.js";
import { counted } from "../strings.js";

export function start() {
  const form = $("[data-dfs-filter]");
  if (!form) return;
  const count = $("[data-dfs-filter-count]", form);
  const area = $("select[name=area]", form);
  const level = $("select[name=level]", form);
  const apply = () => {
    const cards = $$(".dfs-card[data-area]");
    let shown = 0;
    for (const card of cards) {
      const ok = (!area.value || card.dataset.area === area.value) && (!level.value || card.dataset.level === level.value);
      card.hidden = !ok;
      shown += ok ? 1 : 0;
    }
    for (const section of $$(".dfs-area")) {
      section.hidden = area.value !== "" && section.dataset.dfsArea !== area.value;
    }
    if (count) count.textContent = counted("filter_count", cards.length, { n: shown, total: cards.length });
  };
  form.addEventListener("change", apply);
  form.addEventListener("submit", (e) => e.preventDefault());
  apply();
  form.hidden = false;
}
