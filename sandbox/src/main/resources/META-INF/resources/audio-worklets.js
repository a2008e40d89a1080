// The browser phone's audio, off the main thread. mic: the microphone at the context's rate, low-passed and
// decimated to 8 kHz, mu-law encoded, posted in 20 ms frames (160 bytes). speaker: mu-law from the call, decoded,
// resampled to the context's rate, played as it arrives; "clear" drops what is queued (the agent was interrupted).

function encodeMulaw(sample) {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample * 32767)));
  const sign = (s >> 8) & 0x80;
  if (sign) s = -s;
  if (s > 32635) s = 32635;
  s += 0x84;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; exponent--, mask >>= 1) { /* find the segment */ }
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function decodeMulaw(byte) {
  const u = ~byte & 0xff;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << ((u >> 4) & 0x07)) - 0x84;
  return ((u & 0x80) ? -magnitude : magnitude) / 32768;
}

class Mic extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = sampleRate / 8000; // input samples per output sample
    this.acc = 0;
    this.count = 0;
    this.phase = 0;
    this.frame = new Uint8Array(160);
    this.filled = 0;
  }

  process(inputs) {
    const input = inputs[0] && inputs[0][0];
    if (!input) return true;
    for (let i = 0; i < input.length; i++) {
      this.acc += input[i];
      this.count++;
      this.phase++;
      if (this.phase >= this.step) {
        this.phase -= this.step;
        this.frame[this.filled++] = encodeMulaw(this.acc / this.count); // the window's mean: a simple low-pass
        this.acc = 0;
        this.count = 0;
        if (this.filled === 160) {
          this.port.postMessage(this.frame.buffer, [this.frame.buffer]);
          this.frame = new Uint8Array(160);
          this.filled = 0;
        }
      }
    }
    return true;
  }
}

class Speaker extends AudioWorkletProcessor {
  constructor() {
    super();
    this.queue = [];
    this.offset = 0;
    this.position = 0; // fractional read position in the current chunk, at 8 kHz
    this.played = 0;
    this.reported = 0;
    this.port.onmessage = (e) => {
      if (e.data === 'clear') {
        this.queue = [];
        this.position = 0;
      } else {
        const bytes = new Uint8Array(e.data);
        const samples = new Float32Array(bytes.length);
        for (let i = 0; i < bytes.length; i++) samples[i] = decodeMulaw(bytes[i]);
        this.queue.push(samples);
      }
    };
  }

  process(inputs, outputs) {
    const out = outputs[0][0];
    const step = 8000 / sampleRate;
    for (let i = 0; i < out.length; i++) {
      const chunk = this.queue[0];
      if (!chunk) {
        out[i] = 0;
        continue;
      }
      const at = Math.floor(this.position);
      const next = at + 1 < chunk.length ? chunk[at + 1] : (this.queue[1] ? this.queue[1][0] : chunk[at]);
      const frac = this.position - at;
      out[i] = chunk[at] * (1 - frac) + next * frac;
      if (Math.abs(out[i]) > 0.001) this.played++;
      this.position += step;
      if (this.position >= chunk.length) {
        this.position -= chunk.length;
        this.queue.shift();
      }
    }
    for (let c = 1; c < outputs[0].length; c++) outputs[0][c].set(out);
    if (this.played - this.reported >= 800) { // about every 100 ms of sound
      this.reported = this.played;
      this.port.postMessage({ played: this.played });
    }
    return true;
  }
}

registerProcessor('mic', Mic);
registerProcessor('speaker', Speaker);
