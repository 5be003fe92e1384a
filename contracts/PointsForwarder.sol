// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";

/// @title PointsForwarder
/// @notice The ERC-2771 forwarder that the points token and mall trust: it checks a customer's
/// EIP-712 signed request (nonce, deadline, chain id in the domain) and calls the target with the
/// customer's address appended, so a relayer can pay the gas of a transfer, claim or redemption.
/// @dev OpenZeppelin's ERC2771Forwarder as is. It has no owner and no roles; a relayer is anyone
/// who submits a signed request. The targets do not combine it with Multicall (CVE-2023-49145).
contract PointsForwarder is ERC2771Forwarder {
    constructor() ERC2771Forwarder("PointsForwarder") {}
}
