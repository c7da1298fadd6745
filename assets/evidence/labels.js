// Names Streamlit gives its own buttons in English and lets no app set ("Choose date",
// "Clear date"), given in the user's language to the fields of the evidence panel
// (canvas/ui/evidence_panel.py). Runs in a same-origin frame of the panel; LABELS is
// [[CSS selector, label], ...] of catalog text, filled in by Python.
const LABELS = __LABELS__;
const page = window.parent;
const apply = () => {
  for (const dock of page.document.querySelectorAll('[class*="st-key-evidence_dock_"]')) {
    for (const [selector, label] of LABELS) {
      for (const node of dock.querySelectorAll(selector)) {
        if (node.getAttribute("aria-label") !== label) node.setAttribute("aria-label", label);
      }
    }
  }
};
apply();
// Streamlit draws the fields again after each run: name them again when it does.
if (page.vpcEvidenceLabels) page.vpcEvidenceLabels.disconnect();
page.vpcEvidenceLabels = new page.MutationObserver(apply);
page.vpcEvidenceLabels.observe(page.document.body, {
  subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"] });
