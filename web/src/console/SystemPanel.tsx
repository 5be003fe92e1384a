import type { Access } from "../data/roles.js";
import { MerchantsPanel } from "./MerchantsPanel.js";
import { PausePanel } from "./PausePanel.js";

/** The system as a whole: its pause state (pausers act on it) and its merchants (the mall's admin). */
export function SystemPanel({ access }: { access: Access }) {
  return (
    <>
      <PausePanel canPause={access.token.includes("PAUSER_ROLE")} />
      {access.mallAdmin && <MerchantsPanel />}
    </>
  );
}
