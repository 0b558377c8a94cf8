import { randomUUID } from 'node:crypto';
import { HotlineError } from '../errors.js';
import type { ChannelSnapshot, ConnectionEvent, MuteDirection, OriginateRequest, RecordRequest, SipPhone, SnoopRequest, TelephonyEvent, TelephonyPort, Unsubscribe } from './port.js';

import type { MultiNodeOptions, NodeConnectionEvent, NodePort, NodeState } from './node-port.js';
import { nodeLostCause } from './node-port.js';

export type { MultiNodeOptions, NodeConnectionEvent, NodePort, NodeState } from './node-port.js';
export { nodeLostCause } from './node-port.js';

/**
 * The TelephonyPort over several Asterisk nodes (issue 14). Each node keeps its own connection, reconnect and ids;
 * this port routes every command to the node that owns the channel (learned from its events, from the app's channel
 * list, or chosen at originate), and fans the nodes' events in. A leg dialled for a caller (`near`) is placed on the
 * caller's node, so the two can share a bridge; a bridge is made on its first channel's node when channels join it.
 */
export class MultiNodeTelephony implements TelephonyPort {
  private readonly byName = new Map<string, TelephonyPort>();
  private readonly owner = new Map<string, string>();
  private readonly bridgeOwner = new Map<string, string>();
  /** Bridges named by createBridge() and not yet made: no channel says yet which node they belong on. */
  private readonly pendingBridges = new Set<string>();
  private readonly playbackOwner = new Map<string, string>();
  private readonly watchers = new Map<string, Set<(e: TelephonyEvent) => void>>();
  private readonly eventListeners = new Set<(e: TelephonyEvent) => void>();
  private readonly connectionListeners = new Set<(e: NodeConnectionEvent) => void>();
  private readonly unsubs: Unsubscribe[] = [];
  private readonly lostTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly nodes: readonly NodePort[],
    private readonly opts: MultiNodeOptions,
  ) {
    if (nodes.length === 0) throw new HotlineError('CONFIG_INVALID', 'at least one node is needed', { key: 'nodes' });
    for (const { name, port } of nodes) {
      this.byName.set(name, port);
      this.unsubs.push(port.onEvent((e) => this.dispatch(name, e)));
      this.unsubs.push(port.onConnection((e) => this.connection(name, e)));
    }
  }

  get connected(): boolean {
    return this.nodes.some((n) => n.port.connected);
  }

  /** Each node's connection and channel count. */
  nodeStates(): NodeState[] {
    const counts = new Map<string, number>();
    for (const node of this.owner.values()) counts.set(node, (counts.get(node) ?? 0) + 1);
    return this.nodes.map((n) => ({ name: n.name, connected: n.port.connected, channels: counts.get(n.name) ?? 0 }));
  }

  /** The node that owns the channel, as far as hotline knows (its events, the app's channel list, or the placement). */
  nodeOf(channelId: string): string | undefined {
    return this.owner.get(channelId);
  }

  private dispatch(node: string, e: TelephonyEvent): void {
    this.owner.set(e.channelId, node);
    for (const l of [...this.eventListeners]) l(e);
    const set = this.watchers.get(e.channelId);
    if (set !== undefined) for (const l of [...set]) l(e);
    if (e.type === 'hung-up') {
      this.watchers.delete(e.channelId);
      this.owner.delete(e.channelId);
    }
  }

  private connection(node: string, e: ConnectionEvent): void {
    const timer = this.lostTimers.get(node);
    if (timer !== undefined) this.opts.clock.clearTimeout(timer);
    this.lostTimers.delete(node);
    if (e.type === 'disconnected') this.lostTimers.set(node, this.opts.clock.setTimeout(() => this.lose(node), this.opts.lostAfterMs));
    for (const l of [...this.connectionListeners]) l({ ...e, node });
  }

  /** The node stayed away: its channels are ended for hotline, and their ids no longer route to it. */
  private lose(node: string): void {
    this.lostTimers.delete(node);
    const at = this.opts.clock.now();
    for (const [id, owner] of [...this.owner]) {
      if (owner !== node) continue;
      this.dispatch(node, { type: 'hung-up', channelId: id, cause: nodeLostCause, causeText: `node ${node} lost`, at });
    }
    for (const [id, owner] of [...this.bridgeOwner]) if (owner === node) this.bridgeOwner.delete(id);
  }

  private portOf(node: string): TelephonyPort {
    const port = this.byName.get(node);
    if (port === undefined) throw new HotlineError('ARI_UNAVAILABLE', `no node ${node}`, { key: node });
    return port;
  }

  /** The port of the node that owns the channel; an unknown channel is gone as far as hotline can see. */
  private channelPort(channelId: string): TelephonyPort {
    const node = this.owner.get(channelId);
    if (node === undefined) throw new HotlineError('CHANNEL_GONE', `channel ${channelId} is on no node hotline sees`, { key: channelId });
    return this.portOf(node);
  }

  /**
   * Ties a new channel id to a node: the near channel's, else the placement policy's pick among connected nodes. A leg
   * for a channel on no node hotline sees is refused, never placed elsewhere: bridges and snoops are node-local, so a
   * transfer target or a supervisor rung from another node could never be joined to the caller.
   */
  private assign(channelId: string, near?: string): TelephonyPort {
    const known = this.owner.get(channelId);
    if (known !== undefined) return this.portOf(known);
    const nearNode = near === undefined ? undefined : this.owner.get(near);
    if (near !== undefined && nearNode === undefined) {
      throw new HotlineError('CHANNEL_GONE', `${channelId} is for channel ${near}, which is on no node hotline sees`, { key: near });
    }
    const node = nearNode ?? this.opts.pickNode(this.nodeStates().filter((n) => n.connected));
    if (node === null || node === undefined) throw new HotlineError('ARI_UNAVAILABLE', 'no connected node can take the call', { key: channelId });
    this.owner.set(channelId, node);
    return this.portOf(node);
  }

  async start(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.port.start()));
  }

  async stop(): Promise<void> {
    for (const u of this.unsubs.splice(0)) u();
    for (const t of this.lostTimers.values()) this.opts.clock.clearTimeout(t);
    this.lostTimers.clear();
    await Promise.all(this.nodes.map((n) => n.port.stop()));
  }

  onEvent(listener: (event: TelephonyEvent) => void): Unsubscribe {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onConnection(listener: (event: NodeConnectionEvent) => void): Unsubscribe {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  watchChannel(channelId: string, listener: (event: TelephonyEvent) => void): Unsubscribe {
    const set = this.watchers.get(channelId) ?? new Set();
    set.add(listener);
    this.watchers.set(channelId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.watchers.get(channelId) === set) this.watchers.delete(channelId);
    };
  }

  async follow(channelId: string): Promise<void> {
    return this.channelPort(channelId).follow(channelId);
  }

  watchedChannels(): number {
    return this.watchers.size;
  }

  async answer(channelId: string): Promise<void> {
    return this.channelPort(channelId).answer(channelId);
  }

  async play(channelId: string, media: string[], playbackId?: string): Promise<string> {
    const node = this.owner.get(channelId);
    const id = await this.channelPort(channelId).play(channelId, media, playbackId);
    if (node !== undefined) this.playbackOwner.set(id, node);
    return id;
  }

  async stopPlayback(playbackId: string): Promise<void> {
    const node = this.playbackOwner.get(playbackId);
    this.playbackOwner.delete(playbackId);
    if (node === undefined) throw new HotlineError('CHANNEL_GONE', `playback ${playbackId} is on no node hotline sees`, { key: playbackId });
    await this.portOf(node).stopPlayback(playbackId);
  }

  async startMoh(channelId: string, mohClass?: string): Promise<void> {
    return this.channelPort(channelId).startMoh(channelId, mohClass);
  }

  async stopMoh(channelId: string): Promise<void> {
    return this.channelPort(channelId).stopMoh(channelId);
  }

  async record(channelId: string, req: RecordRequest): Promise<void> {
    return this.channelPort(channelId).record(channelId, req);
  }

  private bridgePort(bridgeId: string): TelephonyPort {
    const node = this.bridgeOwner.get(bridgeId);
    if (node === undefined) throw new HotlineError('CHANNEL_GONE', `bridge ${bridgeId} is on no node hotline sees`, { key: bridgeId });
    return this.portOf(node);
  }

  async recordBridge(bridgeId: string, req: { name: string; format?: 'wav' }): Promise<void> {
    return this.bridgePort(bridgeId).recordBridge(bridgeId, req);
  }

  async createBridge(bridgeId?: string): Promise<string> {
    const id = bridgeId ?? randomUUID();
    this.pendingBridges.add(id);
    return id;
  }

  async addToBridge(bridgeId: string, channelIds: string[]): Promise<void> {
    if (this.pendingBridges.has(bridgeId)) {
      const first = channelIds[0];
      const node = first === undefined ? undefined : this.owner.get(first);
      if (node === undefined) throw new HotlineError('CHANNEL_GONE', `bridge ${bridgeId}: its first channel is on no node hotline sees`, { key: bridgeId });
      await this.portOf(node).createBridge(bridgeId);
      this.pendingBridges.delete(bridgeId);
      this.bridgeOwner.set(bridgeId, node);
    }
    const node = this.bridgeOwner.get(bridgeId);
    const strangers = channelIds.filter((c) => this.owner.get(c) !== node);
    if (strangers.length > 0) {
      throw new HotlineError('CHANNEL_GONE', `bridge ${bridgeId} is on node ${node ?? '?'}; ${strangers.join(', ')} not`, { key: bridgeId });
    }
    await this.bridgePort(bridgeId).addToBridge(bridgeId, channelIds);
  }

  async removeFromBridge(bridgeId: string, channelIds: string[]): Promise<void> {
    return this.bridgePort(bridgeId).removeFromBridge(bridgeId, channelIds);
  }

  async destroyBridge(bridgeId: string): Promise<void> {
    if (this.pendingBridges.delete(bridgeId)) return;
    const port = this.bridgePort(bridgeId);
    this.bridgeOwner.delete(bridgeId);
    await port.destroyBridge(bridgeId);
  }

  async originate(req: OriginateRequest): Promise<void> {
    await this.assign(req.channelId, req.near).originate(req);
  }

  async hearEarlyMedia(channelId: string, onAudio: (pcm: Int16Array, at: number) => void, opts?: { legExists?: boolean }): Promise<() => Promise<void>> {
    // Called before originate: the leg's node is chosen here, and originate then dials on it.
    return this.assign(channelId).hearEarlyMedia(channelId, onAudio, opts);
  }

  async continueInDialplan(channelId: string, target: { context: string; extension: string; priority?: number }): Promise<void> {
    return this.channelPort(channelId).continueInDialplan(channelId, target);
  }

  async hangup(channelId: string, reason?: 'normal' | 'busy' | 'congestion' | 'no_answer'): Promise<void> {
    return this.channelPort(channelId).hangup(channelId, reason);
  }

  /** The snoop lives on the snooped channel's node; its id is tied there so it can be bridged and hung up. */
  async snoop(channelId: string, req: SnoopRequest): Promise<void> {
    const node = this.owner.get(channelId);
    await this.channelPort(channelId).snoop(channelId, req);
    if (node !== undefined) this.owner.set(req.snoopId, node);
  }

  async mute(channelId: string, direction: MuteDirection): Promise<void> {
    return this.channelPort(channelId).mute(channelId, direction);
  }

  async unmute(channelId: string, direction: MuteDirection): Promise<void> {
    return this.channelPort(channelId).unmute(channelId, direction);
  }

  /** The channels the app owns on every connected node; each id is tied to its node on the way (after a restart). */
  async appChannels(): Promise<string[]> {
    const lists = await Promise.all(
      this.nodes.filter((n) => n.port.connected).map(async (n) => {
        const ids = await n.port.appChannels();
        for (const id of ids) this.owner.set(id, n.name);
        return ids;
      }),
    );
    return lists.flat();
  }

  async channel(channelId: string): Promise<ChannelSnapshot | null> {
    const node = this.owner.get(channelId);
    return node === undefined ? null : this.portOf(node).channel(channelId);
  }

  async bridgedChannels(): Promise<Set<string>> {
    const sets = await Promise.all(this.nodes.filter((n) => n.port.connected).map((n) => n.port.bridgedChannels()));
    return new Set(sets.flatMap((s) => [...s]));
  }

  async asteriskVersion(): Promise<string> {
    const node = this.nodes.find((n) => n.port.connected) ?? this.nodes[0]!;
    return node.port.asteriskVersion();
  }

  /** Every node gets the phone: a caller on any node may need to reach the agent. */
  async pushSipPhone(phone: SipPhone): Promise<void> {
    await Promise.all(this.nodes.filter((n) => n.port.connected).map((n) => n.port.pushSipPhone(phone)));
  }

  async removeSipPhone(id: string): Promise<void> {
    await Promise.all(this.nodes.filter((n) => n.port.connected).map((n) => n.port.removeSipPhone(id)));
  }
}
