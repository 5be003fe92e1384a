import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys one merchant's earning rules. Then the token's admin makes it an issuer with a quota
 * (points grant ISSUER_ROLE <rules>; points quota <rules> --set <n>), grants it BURNER_ROLE if
 * returns should take back issued points, the status points admin grants it ISSUER_ROLE there, and
 * the platform admin maps it to its merchant (points merchant-issuer <rules> <merchant>).
 *
 * Parameters: token (the PointsToken address), status (the StatusPoints address; the zero address
 * for none), forwarder (the token's PointsForwarder, so customers claim without gas), admin and
 * adminDelay (manages the roles below; a two-step, delayed hand-over), ruleDelay (seconds a new or
 * changed rule waits before it applies), managers (add, change and retire rules), reporters (report
 * purchases, sign purchase vouchers), returnsReporters (report returns).
 */
export default buildModule("EarningRules", (m) => {
  const rules = m.contract("EarningRules", [
    {
      token: m.getParameter<string>("token"),
      status: m.getParameter<string>("status", "0x0000000000000000000000000000000000000000"),
      forwarder: m.getParameter<string>("forwarder", "0x0000000000000000000000000000000000000000"),
      admin: m.getParameter<string>("admin"),
      adminDelay: m.getParameter<number>("adminDelay", 3 * 24 * 60 * 60),
      ruleDelay: m.getParameter<number>("ruleDelay", 7 * 24 * 60 * 60),
      managers: m.getParameter<string[]>("managers", []),
      reporters: m.getParameter<string[]>("reporters", []),
      returnsReporters: m.getParameter<string[]>("returnsReporters", []),
    },
  ]);
  return { rules };
});
