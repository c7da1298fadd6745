"""Screen-reader labels Streamlit writes in English and lets no app set, in the user's language.

Streamlit's frontend hard-codes a few hidden labels ("Show password" on a password field's
eye, "Open" on a dropdown's chevron, "Close" on a dialog, the "Skip to main content" link,
...) and has no option to translate them; and ``st.page_link`` highlights the current page
without saying so to a screen reader. A short script in the page (not a frame: nothing is
sent back to the server) relabels those elements from the catalog and marks the current page
of the sidebar navigation with ``aria-current="page"``; a MutationObserver applies it again
whenever Streamlit draws or redraws an element, so a label React sets anew is translated at
once. The map covers every language's wording, so a language switch relabels what is on
the screen. Catalog text only; user text never reaches this script.
"""

from __future__ import annotations

import json

import streamlit as st

from canvas.i18n import LANGUAGES, translate
from canvas.ui.shell import session
from canvas.ui.shell.navigation import NAV_KEY

#: Streamlit's English aria-label -> our catalog key.
LABELS = {
    "Show password": "aria.show_password",
    "Hide password": "aria.hide_password",
    "Close": "aria.close",
    "Open": "aria.open",
    "Clear value": "aria.clear_value",
    "Clear all": "aria.clear_all",
    "Clear entry": "aria.clear_entry",
    "Main menu": "aria.main_menu",
    "Expand sidebar": "aria.expand_sidebar",
    "Collapse sidebar": "aria.collapse_sidebar",
    "Sidebar": "aria.sidebar",
    "Scroll tabs left": "aria.scroll_tabs_left",
    "Scroll tabs right": "aria.scroll_tabs_right",
    "Increment": "aria.increment",
    "Decrement": "aria.decrement",
    "Choose date": "aria.choose_date",
    "Clear date": "aria.clear_date",
    "Link to heading": "aria.link_to_heading",
    "file upload": "aria.file_upload",
    "Help": "aria.help",
    # Streamlit's own button in Plotly's toolbar (a data-title, read as its tooltip).
    "Fullscreen": "aria.fullscreen",
    "Close fullscreen": "aria.close_fullscreen",
}
#: Streamlit's English label built around a field's label -> our catalog key ({label}).
TEMPLATES = {"Help for {label}": "aria.help_for"}
SKIP_KEY = "aria.skip_to_content"

SCRIPT = """
(() => {
  window.vpcAria = %s;
  if (window.vpcAriaApply) { window.vpcAriaApply(); return; }
  const apply = () => {
    const cfg = window.vpcAria;
    const relabel = (el, name) => {
      if (el.closest('.vpc-board')) return;  // our own board: its labels are ours already
      const now = el.getAttribute(name);
      let wanted = cfg.labels[now];
      if (!wanted) {
        for (const [before, after, into] of cfg.templates) {
          if (now.length > before.length + after.length && now.startsWith(before)
              && now.endsWith(after)) {
            wanted = into.replace('{label}', now.slice(before.length, now.length - after.length));
            break;
          }
        }
      }
      if (wanted && wanted !== now) el.setAttribute(name, wanted);
    };
    document.querySelectorAll('[aria-label]').forEach(el => relabel(el, 'aria-label'));
    document.querySelectorAll('.modebar-btn[data-title]').forEach(el => relabel(el, 'data-title'));
    const skip = document.querySelector('[data-testid="stSkipToContent"]');
    if (skip && cfg.skip.includes(skip.textContent) && skip.textContent !== cfg.skip[0])
      skip.textContent = cfg.skip[0];
    document.querySelectorAll('.%s a[data-testid="stPageLink-NavLink"]').forEach((a, i) => {
      const here = i === cfg.current;
      if (here && a.getAttribute('aria-current') !== 'page') a.setAttribute('aria-current', 'page');
      if (!here && a.hasAttribute('aria-current')) a.removeAttribute('aria-current');
    });
  };
  window.vpcAriaApply = apply;
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; apply(); });
  }).observe(document.body, {subtree: true, childList: true, attributes: true,
                             attributeFilter: ['aria-label', 'data-title']});
  apply();
})();
"""


def label_map(language: str) -> dict[str, str]:
    """Every wording of each label (English first, then each language's) -> ``language``'s."""
    mapping: dict[str, str] = {}
    for english, key in LABELS.items():
        wanted = translate(key, language)
        mapping[english] = wanted
        for code in LANGUAGES:
            mapping[translate(key, code)] = wanted
    return mapping


def template_list(language: str) -> list[list[str]]:
    """[before, after, wanted] per wording of each template: the text around ``{label}``
    in English and in each language, and ``language``'s template."""
    rows = []
    for english, key in TEMPLATES.items():
        wanted = translate(key, language, label="{label}")
        for wording in (english, *(translate(key, code, label="{label}") for code in LANGUAGES)):
            before, _, after = wording.partition("{label}")
            rows.append([before, after, wanted])
    return rows


def translate_hidden_labels(current_link: int = -1) -> None:
    """Draw the script (hidden by theme.css) for this run's language; ``current_link`` is
    the index of the current page among the sidebar's page links (-1: none)."""
    language = session.language()
    config = {
        "labels": label_map(language),
        "skip": [translate(SKIP_KEY, language), "Skip to main content",
                 *(translate(SKIP_KEY, code) for code in LANGUAGES)],
        "templates": template_list(language),
        "current": current_link,
    }
    script = SCRIPT % (json.dumps(config, ensure_ascii=False), f"st-key-{NAV_KEY}")
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)
