/**
 * The desktop app's two Electron IPC channels, which carry the contract's
 * envelopes (shared/contract.ts): calls go out on one and come back as its
 * answer (`ipcRenderer.invoke`), events come in on the other. The contract's
 * own channel names travel inside the envelopes, so a new channel needs no
 * change to the transport. Shared by electron/main/ipc/serve-contract.ts and
 * the preload, which may import nothing else from each other.
 */
export const IPC_CALL_CHANNEL = 'credvault:call';
export const IPC_EVENT_CHANNEL = 'credvault:event';
