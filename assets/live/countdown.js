// The room on a learner's screen (canvas/ui/projector/room_banner.py), two jobs in the browser:
// - the timer counts down every second here, so the server only says how many seconds
//   were left when it last looked; each run re-syncs the end only when it drifted by more
//   than a second and a half, so the display never jumps back and forth;
// - every 1.6 s it reads the room's change signal, a tiny static file holding the
//   room's version (canvas/room/signal.py), and asks Streamlit to rerun the banner only
//   when that version moved on: far cheaper for the server than a rerun every second.
// Plain text only.
const DRIFT_MS = 1500;
const SIGNAL_MS = 1600;

function format(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`;
}

function beep() {
  try {
    const Context = window.AudioContext || window.webkitAudioContext;
    const audio = new Context();
    [0, 0.35, 0.7].forEach((at) => {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.25, audio.currentTime + at);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + at + 0.3);
      tone.connect(gain).connect(audio.destination);
      tone.start(audio.currentTime + at);
      tone.stop(audio.currentTime + at + 0.3);
    });
  } catch (error) {
    // No sound on this device: the words "Time is up" still show.
  }
}

class Countdown {
  constructor(host) {
    this.node = document.createElement("div");
    this.node.className = "vpc-live-timer";
    this.node.setAttribute("role", "timer");
    this.node.setAttribute("data-testid", "vpc-live-timer");
    this.status = document.createElement("span");
    this.status.className = "vpc-live-sr";
    this.status.setAttribute("role", "status");
    host.append(this.node, this.status);
    this.end = null;
    this.frozen = null;
    this.rang = true;
    this.interval = setInterval(() => this.tick(), 250);
    this.signalTimer = setInterval(() => this.checkSignal(), SIGNAL_MS);
    this.asked = null;
    this.askedAt = 0;
  }

  async checkSignal() {
    if (!this.node.isConnected) {
      clearInterval(this.signalTimer);
      return;
    }
    const data = this.data || {};
    if (!data.signal_url || this.busy) return;
    this.busy = true;
    try {
      const reply = await fetch(`${data.signal_url}?t=${Date.now()}`, { cache: "no-store" });
      if (reply.ok) {
        const version = (await reply.json()).v;
        // Asked again after a while if the rerun still showed an older room.
        const now = Date.now();
        if (version > data.version && (version !== this.asked || now - this.askedAt > 2500)) {
          this.asked = version;
          this.askedAt = now;
          this.trigger("stale", version);
        }
      }
    } catch (error) {
      // Offline for a moment: the banner's own slow rerun catches up.
    } finally {
      this.busy = false;
    }
  }

  update(data) {
    this.data = data;
    if (data.remaining === null || data.remaining === undefined) {
      this.end = null;
      this.frozen = null;
    } else if (data.paused) {
      this.end = null;
      this.frozen = data.remaining * 1000;
    } else {
      const end = performance.now() + data.remaining * 1000;
      if (this.end === null || this.version !== data.version
          || Math.abs(end - this.end) > DRIFT_MS) {
        this.end = end;
        this.rang = data.remaining <= 0;
      }
      this.frozen = null;
    }
    this.version = data.version;
    this.tick();
  }

  tick() {
    if (!this.node.isConnected) {
      clearInterval(this.interval);
      return;
    }
    const data = this.data || {};
    let text = "";
    let done = false;
    let ranOut = false;
    if (this.frozen !== null) {
      text = `${data.paused_label} ${format(this.frozen)}`;
    } else if (this.end !== null) {
      // As canvas.room.state.timer_shown: the count, "Time is up" for up_seconds, then
      // calmly how many minutes ago, then nothing.
      const left = this.end - performance.now();
      const overdue = -left / 1000;
      if (left > 0) {
        text = format(left);
      } else if (overdue < (data.up_seconds || Infinity)) {
        done = true;
        text = data.done_label;
      } else if (overdue < data.ran_out_seconds) {
        ranOut = true;
        text = (data.ran_out_labels || {})[Math.floor(overdue / 60)] || "";
      }
      if (left <= 0 && !this.rang) {
        this.rang = true;
        this.status.textContent = data.done_label;
        if (data.sound) beep();
      }
    }
    this.node.hidden = !text;
    this.node.classList.toggle("vpc-live-timer-done", done);
    this.node.classList.toggle("vpc-live-timer-ran-out", ranOut);
    if (this.node.textContent !== text) this.node.textContent = text;
    this.node.setAttribute("aria-label", `${data.label}: ${text}`);
  }
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let countdown = parentElement.__vpcCountdown;
  if (!countdown || !countdown.node.isConnected) {
    countdown = new Countdown(parentElement);
    parentElement.__vpcCountdown = countdown;
  }
  countdown.trigger = setTriggerValue;
  countdown.update(data);
}
