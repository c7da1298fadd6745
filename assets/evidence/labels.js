// Names Streamlit gives its own buttons in English and lets no app set ("Choose date",
// "Clear date"), given in the user's language to the fields of the evidence panel
// (canvas/ui/evidence_panel.py). data.labels: [[CSS selector, label], ...], catalog text.
export default function ({ data }) {
  const labels = (data && data.labels) || [];
  const apply = () => {
    for (const dock of document.querySelectorAll('[class*="st-key-evidence_dock_"]')) {
      for (const [selector, label] of labels) {
        for (const node of dock.querySelectorAll(selector)) {
          if (node.getAttribute("aria-label") !== label) node.setAttribute("aria-label", label);
        }
      }
    }
  };
  apply();
  // Streamlit draws the fields again after each run: name them again when it does.
  if (window.vpcEvidenceLabels) window.vpcEvidenceLabels.disconnect();
  const observer = new MutationObserver(apply);
  observer.observe(document.body, { subtree: true, childList: true, attributes: true,
                                    attributeFilter: ["aria-label"] });
  window.vpcEvidenceLabels = observer;
  return () => observer.disconnect();
}
