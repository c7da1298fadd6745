// Loads the board's files once, from Streamlit's component file route; the browser caches
// them (see canvas/ui/editor/board_widget.py). __NAME__ and __VERSION__ are filled in by Python.
const BASE = new URL("component/__NAME__/", window.location.href);
const VERSION = "__VERSION__";
let ready = null;

function stylesheet(href) {
  return new Promise((resolve) => {
    if (document.querySelector(`link[data-vpc-board="${VERSION}"]`)) return resolve();
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.dataset.vpcBoard = VERSION;
    link.onload = link.onerror = () => resolve();
    document.head.appendChild(link);
  });
}

function load() {
  if (!ready) {
    const url = (name) => new URL(`${name}?v=${VERSION}`, BASE).href;
    ready = (async () => {
      await stylesheet(url("board.css"));
      if (!window.Sortable) await import(url("vendor/sortablejs/Sortable.min.js"));
      return (await import(url("board.js"))).default;
    })();
  }
  return ready;
}

export default async function (component) {
  // Marked while its files load, so that a page is not called settled (tests) before its
  // board is drawn.
  const host = component.parentElement.host || component.parentElement;
  host.setAttribute("data-vpc-loading", "");
  try {
    const draw = await load();
    return draw(component);
  } finally {
    host.removeAttribute("data-vpc-loading");
  }
}
