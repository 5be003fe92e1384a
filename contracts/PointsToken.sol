// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IPointsLedger} from "./interfaces/IPointsLedger.sol";
import {LedgerBase} from "./token/LedgerBase.sol";
import {PointsERC20} from "./token/PointsERC20.sol";
import {PointsIssuance} from "./token/PointsIssuance.sol";

/// @title PointsToken
/// @notice Loyalty points that never expire: an ERC-20 with 0 decimals, permit, pause, a two-step
/// delayed admin, issuers with quotas, and traceable issuance and burns (PointsIssuance over the
/// PointsERC20 ledger).
/// @dev The constructor grants every role it is given, so a deployment leaves no role on the
/// deployer unless it is named. Refunds are bounded by what each burner burned and has not
/// finalized, so even a compromised redemption module cannot inflate the supply.
contract PointsToken is PointsIssuance, PointsERC20 {
    constructor(Config memory config)
        PointsIssuance(config)
        PointsERC20(config.name, config.symbol, config.trustedForwarder)
    {
        if (config.epochSeconds != 0 || config.validityEpochs != 0) {
            revert InvalidExpiry(config.epochSeconds, config.validityEpochs, 0);
        }
    }

    function nonces(address owner) public view override(PointsIssuance, LedgerBase) returns (uint256) {
        return super.nonces(owner);
    }

    function paused() public view override(IPointsLedger, LedgerBase, PointsERC20) returns (bool) {
        return super.paused();
    }
}
