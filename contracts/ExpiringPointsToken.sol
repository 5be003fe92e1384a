// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC7818} from "./interfaces/IERC7818.sol";
import {IPointsLedger} from "./interfaces/IPointsLedger.sol";
import {ExpiringPointsERC20} from "./token/ExpiringPointsERC20.sol";
import {LedgerBase} from "./token/LedgerBase.sol";
import {PointsIssuance} from "./token/PointsIssuance.sol";

/// @title ExpiringPointsToken
/// @notice Loyalty points that expire (ERC-7818): points issued in an epoch expire a fixed number of
/// epochs later, lazily; the same issuance policy as PointsToken (PointsIssuance) over the
/// ExpiringPointsERC20 ledger. A deployment chooses it through ExpiringPointsSystem.
contract ExpiringPointsToken is PointsIssuance, ExpiringPointsERC20 {
    constructor(Config memory config)
        PointsIssuance(config)
        ExpiringPointsERC20(config.name, config.symbol, config.trustedForwarder, config.epochSeconds, config.validityEpochs)
    {}

    function nonces(address owner) public view override(PointsIssuance, LedgerBase) returns (uint256) {
        return super.nonces(owner);
    }

    function paused() public view override(IPointsLedger, LedgerBase, ExpiringPointsERC20) returns (bool) {
        return super.paused();
    }

    /// @notice ERC-165: also ERC-7818, so wallets and the SDK can tell that these points expire.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IERC7818).interfaceId || super.supportsInterface(interfaceId);
    }
}
