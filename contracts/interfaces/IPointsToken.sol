// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPointsLedger} from "./IPointsLedger.sol";

/// @title IPointsToken
/// @notice A loyalty points token: whole points (0 decimals) issued by issuers within quotas set by
/// the admin, burned by redemption modules, each issuance and burn carrying a `bytes32` reference
/// so that every point can be traced to why it exists and why it left.
interface IPointsToken is IPointsLedger {
    /// @notice An earn voucher: `issuer` signs it (EIP-712, this chain and this token), anyone may
    /// submit it, and `recipient` gets `amount` points for `ref`, once, before `expiry`.
    /// @dev `id` is the issuer's own number for the voucher: each (issuer, id) works once.
    struct Voucher {
        address recipient;
        uint256 amount;
        bytes32 ref;
        uint256 expiry;
        uint256 id;
    }

    /// @notice `issuer` issued `amount` points to `to` for `ref` (a receipt, reason or campaign id).
    event Issued(address indexed issuer, address indexed to, uint256 amount, bytes32 indexed ref);

    /// @notice `issuer` credited `recipients` addresses with `total` points in one batch `batchRef`.
    /// The per-recipient amounts are the `Transfer` events from address(0) in the same transaction.
    event BatchIssued(address indexed issuer, bytes32 indexed batchRef, uint256 recipients, uint256 total);

    /// @notice `burner` (a redemption module) burned `amount` points of `from` for `ref` (e.g. an order id).
    event Burned(address indexed burner, address indexed from, uint256 amount, bytes32 indexed ref);

    /// @notice `burner` gave back to `to` `amount` points it had burned, for `ref` (e.g. a cancelled order).
    event Refunded(address indexed burner, address indexed to, uint256 amount, bytes32 indexed ref);

    /// @notice The admin set how many points `issuer` may still issue.
    event IssuerQuotaSet(address indexed issuer, uint256 previousQuota, uint256 newQuota);

    /// @notice A quota of `quota` points is above the most one issuer may hold, `max`.
    error QuotaTooLarge(uint256 quota, uint256 max);

    /// @notice The symbol is empty or longer than `maxLength` (MetaMask's wallet_watchAsset takes 11).
    error SymbolLengthInvalid(uint256 length, uint256 maxLength);

    /// @notice `issuer` may issue `remaining` more points and asked for `wanted`.
    error IssuerQuotaExceeded(address issuer, uint256 remaining, uint256 wanted);

    /// @notice An amount of zero points was given where at least one is needed.
    error ZeroAmount();

    /// @notice A zero reference was given; every issuance carries a non-zero reference.
    error ZeroReference();

    /// @notice The batch has `recipients` recipients but `amounts` amounts.
    error BatchLengthMismatch(uint256 recipients, uint256 amounts);

    /// @notice The batch has no recipients.
    error BatchEmpty();

    /// @notice The batch reference `batchRef` was already issued; a retried batch credits no one twice.
    error BatchAlreadyIssued(bytes32 batchRef);

    /// @notice The voucher expired at `expiry`.
    error VoucherExpired(uint256 expiry);

    /// @notice Voucher `id` of `issuer` was claimed already.
    error VoucherAlreadyClaimed(address issuer, uint256 id);

    /// @notice `burner` may give back at most `refundable` points (what it burned and has not yet
    /// refunded) and asked for `wanted`.
    error RefundExceedsBurned(address burner, uint256 refundable, uint256 wanted);

    /// @notice The role that may issue points within its quota.
    function ISSUER_ROLE() external view returns (bytes32);

    /// @notice The role of redemption modules: they burn points of redeeming customers and refund them.
    function BURNER_ROLE() external view returns (bytes32);

    /// @notice The role that may pause and unpause transfers, issuance and redemption.
    function PAUSER_ROLE() external view returns (bytes32);

    /// @notice The most points that may exist at once; 0 means no cap.
    function supplyCap() external view returns (uint256);

    /// @notice How many points `issuer` may still issue.
    function issuerQuota(address issuer) external view returns (uint256);

    /// @notice Whether the batch reference `batchRef` has been issued.
    function batchIssued(bytes32 batchRef) external view returns (bool);

    /// @notice How many points `burner` has burned and not refunded: the most it may still refund.
    function refundable(address burner) external view returns (uint256);

    /// @notice Sets how many points `issuer` may still issue. Only the admin.
    /// @dev Sets the remaining quota, not an increment: read `issuerQuota` first to add to it.
    function setIssuerQuota(address issuer, uint256 quota) external;

    /// @notice Issues `amount` points to `to` for `ref`, taken from the caller's quota. Only issuers,
    /// when not paused.
    function issue(address to, uint256 amount, bytes32 ref) external;

    /// @notice Issues `amounts[i]` points to `recipients[i]` for every i, in one transaction under
    /// `batchRef`, taken from the caller's quota. A batch reference works once. Only issuers, when not paused.
    function issueBatch(address[] calldata recipients, uint256[] calldata amounts, bytes32 batchRef) external;

    /// @notice Burns `amount` points of `from` for `ref`, without an allowance: redemption modules
    /// hold this role so that a customer redeems in one confirmation. Only burners, when not paused.
    function burn(address from, uint256 amount, bytes32 ref) external;

    /// @notice Gives `to` back `amount` points the caller burned earlier, for `ref`. Bounded by
    /// `refundable(caller)`, so a burner can never create points. Only burners, when not paused.
    function refund(address to, uint256 amount, bytes32 ref) external;

    /// @notice Issues the points of a voucher signed by an issuer, from that issuer's quota. Anyone
    /// may submit it: the recipient is in the signed voucher. Reverts if it expired, was claimed,
    /// was signed for another chain or token, or its signer is no longer an issuer or lacks quota.
    function claim(Voucher calldata voucher, bytes calldata signature) external;

    /// @notice Whether voucher `id` of `issuer` has been claimed.
    function voucherClaimed(address issuer, uint256 id) external view returns (bool);

    /// @notice Stops transfers, issuance, burns and refunds. Only pausers.
    function pause() external;

    /// @notice Resumes transfers, issuance, burns and refunds. Only pausers.
    function unpause() external;
}
