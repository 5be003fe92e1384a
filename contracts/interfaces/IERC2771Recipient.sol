// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IERC2771Recipient
/// @notice A contract that accepts meta-transactions (ERC-2771) from one trusted forwarder, so a
/// customer with no native coin can act through a relayer that pays the gas.
interface IERC2771Recipient {
    /// @notice Whether `forwarder` is the forwarder this contract trusts to name the sender.
    /// @dev The forwarder asks this before it forwards a request (OpenZeppelin's ERC2771Forwarder).
    function isTrustedForwarder(address forwarder) external view returns (bool);
}
