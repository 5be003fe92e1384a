// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC7818} from "./IERC7818.sol";

/// @title IExpiringPointsLedger
/// @notice The views of a points ledger whose points expire, beyond ERC-7818's: what expires next,
/// when an epoch begins and ends, and how many points of an epoch exist.
interface IExpiringPointsLedger is IERC7818 {
    /// @notice The points `account` holds that expire first, and when they expire (0, 0: none).
    function getNearestExpiryOf(address account) external view returns (uint256 value, uint256 expiresAt);

    /// @notice When epoch `epoch` begins and ends (its end is the next epoch's beginning).
    function getEpochInfo(uint256 epoch) external view returns (uint256 start, uint256 end);

    /// @notice The points of epoch `epoch` in existence now (0 once it has expired).
    function epochSupply(uint256 epoch) external view returns (uint256);

    /// @notice When epoch 0 began (the unix time epochs count from).
    function epochOrigin() external view returns (uint256);
}
