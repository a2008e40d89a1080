// The sandbox console: a browser phone to the agent, the call live (server-sent events), messages, past calls.
// window.phone holds what a test (or a curious user) may check: the call, frames sent and heard, clears, status.
const $ = (id) => document.getElementById(id);
const phone = (window.phone = { callSid: null, direction: null, status: 'idle', framesSent: 0, framesHeard: 0, samplesPlayed: 0,
  clears: 0, transcript: [], timeline: [] });
let socket = null;
let audio = null;
let live = null;

function setStatus(text) {
  phone.status = text;
  $('status').textContent = text;
}

function stamp(at) {
  const time = document.createElement('time');
  time.dateTime = at;
  time.textContent = new Date(at).toLocaleTimeString();
  return time;
}

function append(list, at, text, className) {
  const item = document.createElement('li');
  if (at) item.append(stamp(at));
  item.append(text);
  if (className) item.className = className;
  list.append(item);
  list.scrollTop = list.scrollHeight;
}

async function loadNumbers() {
  const numbers = await (await fetch('/sandbox/numbers')).json();
  $('to').replaceChildren(...numbers.agentNumbers.map((n) => new Option(n, n)));
  $('from').value = numbers.callerNumber;
}

async function loadCalls() {
  const calls = await (await fetch('/sandbox/calls')).json();
  const items = calls.slice().reverse().map((call) => {
    const item = document.createElement('li');
    const report = document.createElement('a');
    report.href = `/sandbox/calls/${call.callSid}/report`;
    report.textContent = `${call.from} → ${call.to}: ${call.status}`;
    item.append(report);
    if (call.ended) {
      const player = document.createElement('audio');
      player.controls = true;
      player.preload = 'none';
      player.src = `/sandbox/calls/${call.callSid}/agent-audio.wav`;
      player.setAttribute('aria-label', `What the caller heard on ${call.callSid}`);
      item.append(' ', player);
    }
    return item;
  });
  $('calls').replaceChildren(...items);
}

async function loadMessages() {
  const messages = await (await fetch('/sandbox/messages')).json();
  $('messages').replaceChildren(...messages.slice(-30).reverse().map((m) => {
    const item = document.createElement('li');
    item.textContent = `${m.from} → ${m.to}: ${m.body} (${m.status})`;
    return item;
  }));
}

function follow(callSid) {
  live?.close();
  $('transcript').replaceChildren();
  $('timeline').replaceChildren();
  live = new EventSource(`/sandbox/calls/${callSid}/live`);
  live.onmessage = (e) => {
    const item = JSON.parse(e.data);
    if (item.kind === 'transcript') {
      phone.transcript.push(item.summary);
      const speaker = item.summary.startsWith('agent') ? 'agent' : 'caller';
      append($('transcript'), item.at, item.summary,
        speaker + (item.summary.endsWith('(interrupted)') ? ' interrupted' : ''));
    } else {
      phone.timeline.push(item.type ? `${item.type} ${item.summary}` : item.summary);
      append($('timeline'), item.at, item.type ? `${item.type} ${item.summary}` : item.summary);
      // A tool may have sent a text; the call's texts show here as they are sent and delivered.
      if (item.type && (item.type.startsWith('tool.') || item.type.startsWith('message.'))) loadMessages();
    }
    if (item.kind === 'ended') {
      loadCalls(); // the feed stays open: the analysis follows the end
      loadMessages();
    }
  };
}

async function startAudio() {
  const context = new AudioContext();
  await context.audioWorklet.addModule('/audio-worklets.js');
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
  const mic = new AudioWorkletNode(context, 'mic');
  const speaker = new AudioWorkletNode(context, 'speaker');
  context.createMediaStreamSource(stream).connect(mic);
  speaker.connect(context.destination);
  speaker.port.onmessage = (e) => { phone.samplesPlayed = e.data.played; };
  await context.resume();
  return { context, stream, mic, speaker };
}

async function connect(query, then) {
  Object.assign(phone, { callSid: null, direction: null, framesSent: 0, framesHeard: 0, samplesPlayed: 0, clears: 0 });
  $('call').disabled = true;
  $('call-me').disabled = true;
  setStatus('Starting the microphone…');
  try {
    audio = await startAudio();
  } catch (e) {
    setStatus(`No microphone: ${e.message}`);
    $('call').disabled = false;
    $('call-me').disabled = false;
    return;
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  socket = new WebSocket(`${scheme}://${location.host}/sandbox/phone?${new URLSearchParams(query)}`);
  socket.binaryType = 'arraybuffer';
  audio.mic.port.onmessage = (e) => {
    if (socket?.readyState === WebSocket.OPEN && phone.callSid) {
      socket.send(e.data);
      phone.framesSent++;
    }
  };
  socket.onmessage = (e) => {
    if (typeof e.data !== 'string') {
      phone.framesHeard++;
      audio.speaker.port.postMessage(e.data, [e.data]);
      return;
    }
    const message = JSON.parse(e.data);
    if (message.type === 'waiting') {
      setStatus(`Waiting for the agent to call ${message.number}…`);
      then?.();
    } else if (message.type === 'call') {
      phone.callSid = message.callSid;
      phone.direction = message.direction;
      setStatus(`In call ${message.callSid} (${message.from} → ${message.to})`);
      $('hangup').disabled = false;
      follow(message.callSid);
    } else if (message.type === 'clear') {
      phone.clears++;
      audio.speaker.port.postMessage('clear');
    } else if (message.type === 'ended') {
      setStatus(`Call ended: ${message.status}`);
    }
  };
  socket.onclose = () => {
    if (!phone.status.startsWith('Call ended')) setStatus('Call ended.');
    stop();
  };
}

function call() {
  connect({ to: $('to').value, from: $('from').value });
}

function callMe() {
  const me = $('from').value;
  connect({ answer: me }, async () => {
    const answer = await fetch('/sandbox/call-me', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ to: me }) });
    if (!answer.ok) setStatus(`The agent could not call: ${(await answer.json()).error ?? answer.status}`);
  });
}

function stop() {
  $('hangup').disabled = true;
  $('call').disabled = false;
  $('call-me').disabled = false;
  audio?.stream.getTracks().forEach((t) => t.stop());
  audio?.context.close();
  audio = null;
  socket = null;
}

function press(key) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'dtmf', digit: key }));
}

for (const key of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']) {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = key;
  button.dataset.key = key;
  button.setAttribute('aria-label', `Key ${key}`);
  button.onclick = () => press(key);
  $('keypad').append(button);
}
document.addEventListener('keydown', (e) => {
  if (socket && /^[0-9*#]$/.test(e.key) && document.activeElement?.tagName !== 'INPUT') press(e.key);
});
$('call').onclick = call;
$('call-me').onclick = callMe;
$('hangup').onclick = () => socket?.send(JSON.stringify({ type: 'hangup' }));
$('sms-form').onsubmit = async (e) => {
  e.preventDefault();
  await fetch('/sandbox/messages', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ from: $('from').value, to: $('to').value, body: $('sms-body').value }) });
  $('sms-body').value = '';
  setTimeout(loadMessages, 1500); // the agent's reply, if any, comes back through the suite
};
loadNumbers();
loadCalls();
loadMessages();
