// Progressive enhancement only: every page works without this file.
import DS from "../vendor/sgds/design-system.js";

document.documentElement.classList.add("js-enabled");
DS.initAll();

// Move focus to the error summary, so keyboard and screen reader users start there.
const summary = document.querySelector(".ds_error-summary");
if (summary) {
  summary.focus();
}
