// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC2771Recipient} from "../interfaces/IERC2771Recipient.sol";

/// @title CustomerContext
/// @notice Who a customer-facing call acts for: the signer of a request the trusted forwarder
/// relays (ERC-2771: the forwarder appends the signer's address to the calldata), else the caller.
/// @dev Unlike OpenZeppelin's ERC2771Context this does not override `_msgSender()`: only the
/// functions a customer calls (transfer, approve, transferFrom, redeem) read `_customer()`. Role
/// holders (admins, issuers, pausers, catalog managers, fulfillers) act with their own
/// transactions, so a relayer, or a bug in one, can never exercise a role. The forwarder is
/// immutable, and nothing here batches calls (no Multicall: CVE-2023-49145).
abstract contract CustomerContext is IERC2771Recipient {
    address internal immutable _trustedForwarder;

    /// @param forwarder The ERC2771Forwarder to trust; the zero address for none.
    constructor(address forwarder) {
        _trustedForwarder = forwarder;
    }

    /// @inheritdoc IERC2771Recipient
    function isTrustedForwarder(address forwarder) public view returns (bool) {
        return forwarder == _trustedForwarder && forwarder != address(0);
    }


    /// @dev The account a customer-facing call acts for. From the forwarder, the last 20 bytes of
    /// the calldata: ERC2771Forwarder always appends the address whose signature it checked, so,
    /// unlike OpenZeppelin's ERC2771Context, there is no length check on this path (the ABI
    /// decoder has already required the arguments before the suffix).
    function _customer() internal view returns (address account) {
        address forwarder = _trustedForwarder;
        assembly ("memory-safe") {
            account := caller()
            if eq(account, forwarder) {
                account := shr(96, calldataload(sub(calldatasize(), 20)))
            }
        }
    }
}
