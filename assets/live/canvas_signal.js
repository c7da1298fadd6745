// An open board listens for the facilitator (canvas/ui/editor/canvas_live.py): every 1.6 s it
// reads the change signals of its canvas (tiny static files, one per room the canvas is
// shared to: canvas/room/signal.py) and asks Streamlit to rerun the board's fragment only
// when one of them holds another value than the one the server read before drawing. The
// owner's own saves never move these signals: her typing is never interrupted by them.
const SIGNAL_MS = 1600;
const ASK_AGAIN_MS = 2500;

class Watcher {
  constructor(host) {
    this.node = document.createElement("span");
    this.node.hidden = true;
    this.node.setAttribute("data-testid", "vpc-canvas-signal");
    host.append(this.node);
    this.asked = {};
    this.timer = setInterval(() => this.check(), SIGNAL_MS);
  }

  async check() {
    if (!this.node.isConnected) {
      clearInterval(this.timer);
      return;
    }
    if (this.busy || !this.data) return;
    this.busy = true;
    try {
      for (const signal of this.data.signals || []) {
        const reply = await fetch(`${signal.url}?t=${Date.now()}`, { cache: "no-store" });
        if (!reply.ok) continue;
        const version = (await reply.json()).v;
        if (version === signal.v) continue;
        // Asked again after a while if the rerun did not see the new value yet.
        const now = Date.now();
        const asked = this.asked[signal.url];
        if (asked && asked.v === version && now - asked.at < ASK_AGAIN_MS) continue;
        this.asked[signal.url] = { v: version, at: now };
        this.trigger("moved", version);
        break;
      }
    } catch (error) {
      // Offline for a moment: the next page run shows what changed.
    } finally {
      this.busy = false;
    }
  }
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let watcher = parentElement.__vpcCanvasSignal;
  if (!watcher || !watcher.node.isConnected) {
    watcher = new Watcher(parentElement);
    parentElement.__vpcCanvasSignal = watcher;
  }
  watcher.trigger = setTriggerValue;
  watcher.data = data;
}
