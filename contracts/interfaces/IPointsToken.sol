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
    /// `generation` is the issuer's `issuerGeneration` when it signed: revoking the issuer role
    /// advances it, so no voucher signed before a revocation ever works again.
    struct Voucher {
        address recipient;
        uint256 amount;
        bytes32 ref;
        uint256 expiry;
        uint256 id;
        uint256 generation;
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

    /// @notice `burner` gave up the right to refund `amount` points it had burned, for `ref` (e.g. a
    /// fulfilled order): they leave the refund reserve for good.
    event BurnFinalized(address indexed burner, uint256 amount, bytes32 indexed ref);

    /// @notice The admin set how many points `issuer` may still issue.
    event IssuerQuotaSet(address indexed issuer, uint256 previousQuota, uint256 newQuota);

    /// @notice An expiry of `validityEpochs` epochs of `epochSeconds` seconds is not one this token
    /// supports (at most `maxValidity` epochs; 0 and 0 for points that never expire).
    error InvalidExpiry(uint256 epochSeconds, uint256 validityEpochs, uint256 maxValidity);

    /// @notice A supply cap of `cap` points is above the most the ledger can hold, `max`.
    error CapTooLarge(uint256 cap, uint256 max);

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

    /// @notice `issuer` already issued a batch under `batchRef`; a retried batch credits no one twice.
    error BatchAlreadyIssued(address issuer, bytes32 batchRef);

    /// @notice The voucher expired at `expiry`.
    error VoucherExpired(uint256 expiry);

    /// @notice Voucher `id` of `issuer` was claimed already.
    error VoucherAlreadyClaimed(address issuer, uint256 id);

    /// @notice `burner` may give back, or finalize, at most `refundable` points (what it burned and
    /// has neither refunded nor finalized) and asked for `wanted`.
    error RefundExceedsBurned(address burner, uint256 refundable, uint256 wanted);

    /// @notice The voucher was signed in `issuer`'s generation `generation`; the issuer role was
    /// revoked since, and its generation is now `current`.
    error VoucherRevoked(address issuer, uint256 generation, uint256 current);

    /// @notice `account` is the trusted forwarder, which may hold no role (through it, anyone could
    /// use the role).
    error RoleForForwarder(bytes32 role, address account);

    /// @notice The role that may issue points within its quota.
    function ISSUER_ROLE() external view returns (bytes32);

    /// @notice The role of redemption modules: they burn points of redeeming customers and refund them.
    function BURNER_ROLE() external view returns (bytes32);

    /// @notice The role that may pause and unpause transfers, issuance and redemption.
    function PAUSER_ROLE() external view returns (bytes32);

    /// @notice The most points that may exist at once, counting the refund reserve (points of open
    /// orders, which a cancel gives back); 0 means no cap. Issuance checks it; refunds cannot pass
    /// it, since a refund takes from the reserve what it adds to the supply.
    function supplyCap() external view returns (uint256);

    /// @notice Points burned by burners that they may still refund: the points of open orders.
    /// `totalSupply() + refundReserve()` never exceeds a non-zero `supplyCap()`.
    function refundReserve() external view returns (uint256);

    /// @notice How many times `issuer` lost the issuer role; vouchers carry it (see `Voucher`).
    function issuerGeneration(address issuer) external view returns (uint256);

    /// @notice How many points `issuer` may still issue.
    function issuerQuota(address issuer) external view returns (uint256);

    /// @notice Whether `issuer` has issued a batch under `batchRef`. References are per issuer, so
    /// no issuer can take another's.
    function batchIssued(address issuer, bytes32 batchRef) external view returns (bool);

    /// @notice How many points `burner` has burned and neither refunded nor finalized: the most it
    /// may still refund (for the mall, the points of its open orders).
    function refundable(address burner) external view returns (uint256);

    /// @notice Sets how many points `issuer` may still issue. Only the admin. Revoking ISSUER_ROLE
    /// sets it to 0, so an issuer granted the role again starts with no quota.
    /// @dev Sets the remaining quota, not an increment: read `issuerQuota` first to add to it.
    function setIssuerQuota(address issuer, uint256 quota) external;

    /// @notice Issues `amount` points to `to` for `ref`, taken from the caller's quota. Only issuers,
    /// when not paused. Refuses the zero address and the token itself.
    function issue(address to, uint256 amount, bytes32 ref) external;

    /// @notice Issues `amounts[i]` points to `recipients[i]` for every i, in one transaction under
    /// `batchRef`, taken from the caller's quota. Each issuer may use a batch reference once. Only
    /// issuers, when not paused.
    function issueBatch(address[] calldata recipients, uint256[] calldata amounts, bytes32 batchRef) external;

    /// @notice Burns `amount` points of `from` for `ref`, without an allowance: redemption modules
    /// hold this role so that a customer redeems in one confirmation. Only burners, when not paused.
    function burn(address from, uint256 amount, bytes32 ref) external;

    /// @notice Gives `to` back `amount` points the caller burned earlier, for `ref`. Bounded by
    /// `refundable(caller)`, so a burner can never create points. Only burners, when not paused.
    function refund(address to, uint256 amount, bytes32 ref) external;

    /// @notice Gives up the right to refund `amount` of the points the caller burned, for `ref`:
    /// they leave the refund reserve, making room under the cap. The mall calls it when an order
    /// is fulfilled. Only burners; works while paused (it creates no points).
    function finalizeBurn(uint256 amount, bytes32 ref) external;

    /// @notice Issues the points of a voucher signed by an issuer, from that issuer's quota. Anyone
    /// may submit it: the recipient is in the signed voucher. Reverts if it expired, was claimed,
    /// was signed for another chain or token or before its signer's role was revoked, or its
    /// signer is no longer an issuer or lacks quota.
    function claim(Voucher calldata voucher, bytes calldata signature) external;

    /// @notice Whether voucher `id` of `issuer` has been claimed.
    function voucherClaimed(address issuer, uint256 id) external view returns (bool);

    /// @notice Stops transfers, issuance, burns and refunds. Only pausers.
    function pause() external;

    /// @notice Resumes transfers, issuance, burns and refunds. Only pausers.
    function unpause() external;
}
