// "Kommande" is decided when the site is built (and the site is rebuilt every
// day); an upcoming event opened after its end is marked as past here, and
// its "Lägg till i kalendern" link goes away.
import { $, $$ } from "../dom.js";

export function start({ now = () => new Date() } = {}) {
  const events = $$("[data-dfs-ends]");
  if (!events.length) return;
  const paint = () => {
    const at = now().getTime();
    for (const item of events) {
      const over = Date.parse(item.dataset.dfsEnds) <= at;
      item.dataset.past = String(over);
      const badge = $(".dfs-event__past", item);
      if (badge) badge.hidden = !over;
      const ics = $(".dfs-event__ics", item);
      if (ics) ics.hidden = over;
    }
  };
  paint();
  return paint;
}
