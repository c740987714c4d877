import type { LibraryTable } from '../model.js';

/** Members a ws server-side socket has and a look-alike does not: `bufferedAmount` is what a send-buffer guard reads. */
export const WS_SOCKET_SHAPE = ['send', 'bufferedAmount', 'terminate'] as const;
/** The property a send-buffer guard reads (ws, and the browser WebSocket it mirrors). */
export const WS_BUFFERED_AMOUNT = 'bufferedAmount';
/** Broadcast methods of socket.io targets (`send` emits a 'message' event). */
export const SOCKETIO_EMIT_METHODS: ReadonlySet<string> = new Set(['emit', 'send']);
/** The socket.io modifier that drops a packet for a client that is not ready for it. */
export const SOCKETIO_VOLATILE = 'volatile';
/** The socket.io modifier that asks every client for an acknowledgement within a deadline. */
export const SOCKETIO_ACK_TIMEOUT = 'timeout';

export const websocketLibrary: LibraryTable = {
  name: 'websocket',
  types: {
    ws: {
      classes: { WebSocketServer: 'ws.WebSocketServer', Server: 'ws.WebSocketServer', WebSocket: 'ws.WebSocket' },
    },
    // `import WebSocket from 'ws'` is the client class; the server hangs off it as a static.
    'ws.WebSocket.static': { classes: { Server: 'ws.WebSocketServer', WebSocketServer: 'ws.WebSocketServer' } },
    'ws.WebSocketServer': {
      roles: ['ws-server'],
      extends: ['node:events.EventEmitter'],
      properties: { clients: 'ws.ClientSet' },
      events: { connection: { params: ['ws.WebSocket', 'node:http.IncomingMessage'], kind: 'connection' } },
    },
    'ws.ClientSet': { elements: 'ws.WebSocket' },
    'ws.WebSocket': {
      roles: ['ws-socket'],
      extends: ['node:events.EventEmitter'],
      statics: 'ws.WebSocket.static',
      events: { message: { params: [null, null], kind: 'socket-message' } },
    },

    'socket.io': { classes: { Server: 'socketio.Server' }, call: 'socketio.Server' },
    'socketio.Server': {
      roles: ['socketio-server'],
      extends: ['socketio.BroadcastOperator'],
      methods: { of: 'socketio.Namespace' },
      properties: { sockets: 'socketio.Namespace' },
      events: { connection: { params: ['socketio.Socket'], kind: 'connection' }, connect: { params: ['socketio.Socket'], kind: 'connection' } },
    },
    'socketio.Namespace': {
      extends: ['socketio.BroadcastOperator'],
      properties: { sockets: 'socketio.SocketMap' },
      events: { connection: { params: ['socketio.Socket'], kind: 'connection' }, connect: { params: ['socketio.Socket'], kind: 'connection' } },
    },
    // `io.sockets.sockets`: the connected sockets of a namespace by id.
    'socketio.SocketMap': { extends: ['es.Map'], elements: 'socketio.Socket' },
    'socketio.BroadcastOperator': {
      roles: ['socketio-broadcast'],
      methods: {
        to: 'socketio.BroadcastOperator',
        in: 'socketio.BroadcastOperator',
        except: 'socketio.BroadcastOperator',
        timeout: 'socketio.BroadcastOperator',
      },
      properties: { volatile: 'socketio.BroadcastOperator', local: 'socketio.BroadcastOperator' },
    },
    'socketio.Socket': {
      roles: ['socketio-socket'],
      extends: ['node:events.EventEmitter'],
      methods: { to: 'socketio.BroadcastOperator', in: 'socketio.BroadcastOperator', timeout: 'socketio.Socket' },
      properties: { broadcast: 'socketio.BroadcastOperator', volatile: 'socketio.Socket' },
      // Reserved events; every other name is an event the client emits, once per message.
      events: { disconnect: { params: [null] }, disconnecting: { params: [null] }, error: { params: [null] } },
      otherEvents: { params: [null, null], kind: 'socket-message' },
    },
  },
  modules: [
    { specifiers: ['ws'], namespace: 'ws', defaultExport: { member: 'WebSocket' } },
    { specifiers: ['socket.io'], namespace: 'socket.io' },
  ],
};
