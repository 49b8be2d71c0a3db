// The words for a save that did not happen (see session.update).
import { t } from "../strings.js";

export function saveProblem(result) {
  if (result.ok) return "";
  return result.reason === "held" ? t("save_held") : t("save_failed");
}
