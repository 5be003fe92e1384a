// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IERC7818
/// @notice ERC-7818 (Expirable ERC-20, Final): tokens belong to epochs and expire a fixed number of
/// epochs after the one they were issued in; `balanceOf` counts only the unexpired ones.
/// @dev The functions the standard requires, beside ERC-20's (which the points token has).
interface IERC7818 {
    /// @notice How an epoch is measured.
    enum EPOCH_TYPE {
        BLOCKS_BASED,
        TIME_BASED
    }

    /// @notice `sender` tried to move points of epoch `epoch`, which has expired.
    error ERC7818TransferredExpiredToken(address sender, uint256 epoch);

    /// @notice The points `account` holds from epoch `epoch`; 0 once that epoch has expired.
    function balanceOfAtEpoch(uint256 epoch, address account) external view returns (uint256);

    /// @notice The epoch now (epoch 0 began with the token).
    function currentEpoch() external view returns (uint256);

    /// @notice The length of an epoch, in the unit `epochType` names (here seconds).
    function epochLength() external view returns (uint256);

    /// @notice How epochs are measured: TIME_BASED here.
    function epochType() external view returns (EPOCH_TYPE);

    /// @notice How many epochs points stay valid: those of epoch e expire when epoch e + this begins.
    function validityDuration() external view returns (uint256);

    /// @notice Whether the points of epoch `epoch` have expired.
    function isEpochExpired(uint256 epoch) external view returns (bool);

    /// @notice Sends `value` of the caller's points of epoch `epoch` to `to`, which keep their expiry.
    function transferAtEpoch(uint256 epoch, address to, uint256 value) external returns (bool);

    /// @notice Sends `value` of `from`'s points of epoch `epoch` to `to`, spending the caller's allowance.
    function transferFromAtEpoch(uint256 epoch, address from, address to, uint256 value) external returns (bool);
}
