// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC2771Recipient} from "./IERC2771Recipient.sol";

/// @title IPointsLedger
/// @notice The ledger under the points token: an ERC-20 with ERC-2612 permit and a pause flag, with
/// OpenZeppelin's errors and events, and the errors of minting one or many. Transfers and
/// approvals accept ERC-2771 requests from the trusted forwarder.
interface IPointsLedger is IERC20Metadata, IERC20Permit, IERC20Errors, IERC2771Recipient {
    /// @notice `account` paused transfers, issuance, burns and refunds.
    event Paused(address account);

    /// @notice `account` resumed transfers, issuance, burns and refunds.
    event Unpaused(address account);

    /// @notice The token is paused: transfers, issuance, burns and refunds wait for `unpause`.
    error EnforcedPause();

    /// @notice The token is not paused.
    error ExpectedPause();

    /// @notice A permit's `deadline` has passed.
    error ERC2612ExpiredSignature(uint256 deadline);

    /// @notice A permit was signed by `signer`, not by `owner` (or for another nonce, spender or value).
    error ERC2612InvalidSigner(address signer, address owner);

    /// @notice Issuing `wanted` would take the supply (`supply` now) plus the refund reserve
    /// (`reserved`: points of open orders) above the cap `cap`.
    error SupplyCapExceeded(uint256 cap, uint256 supply, uint256 reserved, uint256 wanted);

    /// @notice The recipient at `index` of the batch, `recipient`, cannot receive points: it is the
    /// zero address or the token itself.
    error BatchInvalidRecipient(uint256 index, address recipient);

    /// @notice The amount at `index` of the batch is zero.
    error BatchZeroAmount(uint256 index);

    /// @notice Whether transfers, issuance, burns and refunds are paused.
    function paused() external view returns (bool);
}
