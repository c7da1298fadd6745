// Names Streamlit gives its date fields' own buttons in English and lets no app set
// ("Choose date", "Clear date"), given in the user's language to every date field of the
// page (canvas/ui/shell/date_field.py). Runs in a hidden same-origin frame; LABELS is
// [[CSS selector, label], ...] of catalog text, filled in by Python.
const LABELS = __LABELS__;
const page = window.parent;
const apply = () => {
  for (const [selector, label] of LABELS) {
    for (const node of page.document.querySelectorAll(selector)) {
      if (node.getAttribute("aria-label") !== label) node.setAttribute("aria-label", label);
    }
  }
};
apply();
// Streamlit draws the fields again after each run: name them again when it does.
if (page.vpcDateLabels) page.vpcDateLabels.disconnect();
page.vpcDateLabels = new page.MutationObserver(apply);
page.vpcDateLabels.observe(page.document.body, {
  subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"] });
