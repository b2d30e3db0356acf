// A stand-in for the `electron` module, for running the BUILT main process
// (out/main/index.mjs) in plain Node where no Electron binary exists (see
// scripts/desktop-main.test.ts). It records what main does with each API and
// takes orders as JSON lines on stdin; answers and happenings go to stdout
// as lines starting `FAKE ` followed by JSON. Only the members main uses.
import { createHash } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { setImmediate } from 'node:timers';

function tell(what) {
  process.stdout.write(`FAKE ${JSON.stringify(what)}\n`);
}

// ---- app ----
const appEvents = new EventEmitter();
let quitRequested = false;
export const app = {
  whenReady: () => Promise.resolve(),
  getPath: (name) => (name === 'appData' ? '/fake/appData' : `/fake/${name}`),
  setPath: (name, path) => tell({ setPath: { name, path } }),
  getVersion: () => '0.0.0-fake',
  requestSingleInstanceLock: () => true,
  setLoginItemSettings: (settings) => tell({ loginItem: settings }),
  on: (event, listener) => (appEvents.on(event, listener), app),
  once: (event, listener) => (appEvents.once(event, listener), app),
  quit() {
    if (!quitRequested) {
      quitRequested = true;
      appEvents.emit('before-quit', { preventDefault() {} });
    }
    let prevented = false;
    appEvents.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      tell({ quit: true });
      setImmediate(() => process.exit(0));
    }
  },
  exit(code) {
    tell({ exit: code });
    process.exit(code);
  },
};

// ---- windows ----
const windows = [];
class FakeWebContents extends EventEmitter {
  constructor() {
    super();
    this.mainFrame = { processId: 7, routingId: 1, url: '', detached: false };
    this.loading = true;
  }
  isDestroyed() {
    return false;
  }
  isLoading() {
    return this.loading;
  }
  setWindowOpenHandler(handler) {
    this.openHandler = handler;
  }
  send(channel, envelope) {
    tell({ sent: { channel, event: envelope?.event } });
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents();
    this.visible = false;
    windows.push(this);
    const preload = options.webPreferences?.preload;
    tell({
      window: {
        webPreferences: { ...options.webPreferences, preload: undefined },
        preloadExists: typeof preload === 'string' && existsSync(preload),
        preloadName: preload ? basename(preload) : null,
      },
    });
  }
  static getAllWindows() {
    return windows;
  }
  async loadURL(url) {
    this.webContents.mainFrame.url = url;
    tell({ loadURL: url });
    setImmediate(() => {
      this.webContents.loading = false;
      this.webContents.emit('did-finish-load');
      this.emit('ready-to-show');
    });
  }
  show() {
    this.visible = true;
    tell({ windowShown: true });
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  restore() {}
  maximize() {}
  isMinimized() {
    return false;
  }
  isMaximized() {
    return false;
  }
  isDestroyed() {
    return false;
  }
  getNormalBounds() {
    return { x: 10, y: 10, width: 900, height: 600 };
  }
}

// ---- IPC, protocol, session ----
const ipcHandlers = new Map();
export const ipcMain = {
  handle: (channel, handler) => ipcHandlers.set(channel, handler),
  removeHandler: (channel) => ipcHandlers.delete(channel),
};

const protocolHandlers = new Map();
export const protocol = {
  registerSchemesAsPrivileged: (schemes) => tell({ privilegedSchemes: schemes }),
  handle: (scheme, handler) => protocolHandlers.set(scheme, handler),
};

const policy = {};
export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler) => (policy.request = handler),
    setPermissionCheckHandler: (handler) => (policy.check = handler),
    webRequest: { onBeforeRequest: (listener) => (policy.beforeRequest = listener) },
  },
};

// ---- tray, menus, images, notifications ----
export const nativeImage = {
  createEmpty() {
    const image = {
      files: [],
      template: false,
      addRepresentation: ({ buffer }) => image.files.push(buffer.file),
      setTemplateImage: (value) => (image.template = value),
    };
    return image;
  },
  createFromPath(path) {
    if (!existsSync(path)) tell({ missingImage: path });
    // The file's name travels with its bytes, so the tray can say which icon it shows.
    return {
      toPNG: () => Object.assign(Buffer.from(readFileSync(path)), { file: basename(path) }),
    };
  },
};

/** The app's one tray, as the orders read it. */
const trays = [];
export class Tray extends EventEmitter {
  constructor(image) {
    super();
    this.image = image;
    trays.push(this);
  }
  setImage(image) {
    this.image = image;
    tell({ trayImage: image.files });
  }
  setToolTip(text) {
    this.tooltip = text;
    tell({ trayTooltip: text });
  }
  setContextMenu(menu) {
    this.menu = menu;
  }
  destroy() {
    tell({ trayDestroyed: true });
  }
}

export const Menu = {
  buildFromTemplate: (template) => template,
  setApplicationMenu: () => {},
};

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    tell({ notification: this.options });
  }
  close() {}
}

export const dialog = { showErrorBox: (title, text) => tell({ errorBox: { title, text } }) };
export const powerMonitor = new EventEmitter();
export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
};

// ---- clipboard ----
const board = { text: '', formats: [] };
export class ClipboardItem {
  constructor(entries) {
    this.entries = entries;
  }
}
export const clipboard = {
  async write(items) {
    board.text = String(items[0].entries['text/plain']);
    board.formats = Object.keys(items[0].entries);
  },
  async writeText(text) {
    board.text = text;
    board.formats = ['text/plain'];
  },
  readText: async () => board.text,
  clear() {
    board.text = '';
    board.formats = [];
  },
};

// ---- orders from the test ----
function senderFor(from) {
  const contents = windows[0]?.webContents;
  if (from === 'window') return { sender: contents, senderFrame: contents?.mainFrame };
  if (from === 'subframe')
    return {
      sender: contents,
      senderFrame: { processId: 7, routingId: 2, url: contents?.mainFrame.url },
    };
  const stranger = new FakeWebContents();
  stranger.mainFrame.url = 'app://credvault/index.html';
  return { sender: stranger, senderFrame: stranger.mainFrame };
}

function labels(entries) {
  return (entries ?? []).map((entry) =>
    entry.type === 'separator'
      ? '---'
      : entry.submenu
        ? [entry.label, labels(entry.submenu)]
        : entry.label,
  );
}

const orders = {
  async invoke({ from, message }) {
    const handler = ipcHandlers.get('credvault:call');
    return handler ? handler(senderFor(from), message) : { noHandler: true };
  },
  async fetch({ url }) {
    const response = await protocolHandlers.get('app')({ url, method: 'GET' });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      csp: response.headers.get('content-security-policy'),
    };
  },
  async tray() {
    const tray = trays[0];
    return {
      files: tray?.image?.files ?? null,
      tooltip: tray?.tooltip ?? null,
      menu: labels(tray?.menu),
    };
  },
  async permission({ name }) {
    return new Promise((resolve) => policy.request({}, name, resolve));
  },
  async clipboard() {
    return {
      sha256: createHash('sha256').update(board.text).digest('hex'),
      formats: board.formats,
    };
  },
  async window() {
    const w = windows[0];
    return w
      ? {
          url: w.webContents.mainFrame.url,
          visible: w.visible,
          denied: w.webContents.openHandler?.(),
        }
      : null;
  },
  async resume() {
    powerMonitor.emit('resume');
    return true;
  },
  async quit() {
    app.quit();
    return true;
  },
};

createInterface({ input: process.stdin }).on('line', (line) => {
  const order = JSON.parse(line);
  Promise.resolve(orders[order.op](order)).then(
    (answer) => tell({ id: order.id, answer }),
    (error) => tell({ id: order.id, error: String(error?.message ?? error) }),
  );
});
