import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys one merchant's earning rules. Then the token's admin makes it an issuer with a quota
 * (points grant ISSUER_ROLE <rules>; points quota <rules> --set <n>) and the platform admin maps
 * it to its merchant (points merchant-issuer <rules> <merchant>).
 *
 * Parameters: token (the PointsToken address), admin (manages the roles below), managers (add,
 * change and retire rules), reporters (report purchases, sign purchase vouchers).
 */
export default buildModule("EarningRules", (m) => {
  const rules = m.contract("EarningRules", [
    m.getParameter<string>("token"),
    m.getParameter<string>("admin"),
    m.getParameter<string[]>("managers", []),
    m.getParameter<string[]>("reporters", []),
  ]);
  return { rules };
});
