/**
 * One request in flight per signer. A request takes its signer's slot before the checks that count
 * (the nonce, the limits, the simulation) and gives it back once its transaction has a receipt or
 * was never sent, so a second request of that signer can never pass its checks against the chain
 * as it was before the first landed: it would otherwise be sent on a spent forwarder nonce.
 */
export interface Slot {
  /** The transaction the request went out in, once it has one. */
  hash: string | undefined;
  release(): void;
}

export interface SignerSlots {
  /** The signer's slot, or the slot that holds it now. */
  take(signer: string): { slot: Slot } | { busy: Slot };
  /** Signers with a request in flight. */
  readonly size: number;
}

export function signerSlots(): SignerSlots {
  const held = new Map<string, Slot>();
  return {
    take(signer) {
      const busy = held.get(signer);
      if (busy !== undefined) return { busy };
      const slot: Slot = {
        hash: undefined,
        release: () => {
          if (held.get(signer) === slot) held.delete(signer);
        },
      };
      held.set(signer, slot);
      return { slot };
    },
    get size() {
      return held.size;
    },
  };
}
