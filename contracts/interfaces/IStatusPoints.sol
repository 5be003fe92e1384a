// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IStatusPoints
/// @notice A program's status points: earned alongside spendable points by its earning rules (the
/// points a member earned, never the points others sent), never transferable, and counted over a
/// rolling window (for example the last twelve months), so they fall away as they age with no
/// transaction. A member's tier is the highest threshold their status points reach now. Wallets
/// read it as an ERC-20 (name, symbol, 0 decimals, balanceOf); every transfer reverts.
interface IStatusPoints {
    /// @notice ERC-20's event: `from` 0 when status points were earned, `to` 0 when taken back.
    /// Points that age out of the window emit nothing.
    event Transfer(address indexed from, address indexed to, uint256 value);

    /// @notice `issuer` (an earning rules contract) gave `account` `amount` status points for `ref`.
    event StatusIssued(address indexed issuer, address indexed account, uint256 amount, bytes32 indexed ref);

    /// @notice `issuer` took back `amount` of `account`'s status points for `ref` (a return).
    event StatusReversed(address indexed issuer, address indexed account, uint256 amount, bytes32 indexed ref);

    /// @notice The admin set the tiers: tier i + 1 needs `thresholds[i]` status points; `names[0]`
    /// names tier 0 (below every threshold).
    event TiersSet(uint256[] thresholds, string[] names);

    /// @notice Status points cannot be sent, approved or taken: they are the member's own record.
    error StatusPointsNotTransferable();

    /// @notice Threshold `index` (`threshold`) is not above the one before it (`previous`).
    error TiersNotAscending(uint256 index, uint256 threshold, uint256 previous);

    /// @notice `count` thresholds were given; at most `max` tiers above the first.
    error TooManyTiers(uint256 count, uint256 max);

    /// @notice `names` has `names` entries for `thresholds` thresholds; it needs one more.
    error TierNamesMismatch(uint256 thresholds, uint256 names);

    /// @notice A window of `buckets` buckets is not 1 to `max`, or a bucket of 0 seconds was given.
    error InvalidWindow(uint256 buckets, uint256 bucketSeconds, uint256 max);

    /// @notice `account` is the trusted forwarder of the points token, which may hold no role.
    error RoleForForwarder(bytes32 role, address account);

    /// @notice The role of the earning rules contracts that issue and take back status points.
    function ISSUER_ROLE() external view returns (bytes32);

    /// @notice The length of one bucket of the window, in seconds (for example 30 days).
    function bucketSeconds() external view returns (uint256);

    /// @notice How many buckets the window counts, the current one included (for example 12).
    function windowBuckets() external view returns (uint256);

    function name() external view returns (string memory);

    function symbol() external view returns (string memory);

    /// @notice 0: status points are whole.
    function decimals() external view returns (uint8);

    /// @notice The status points `account` earned within the window that ends now.
    function balanceOf(address account) external view returns (uint256);

    /// @notice The status points of every account within the window that ends now.
    function totalSupply() external view returns (uint256);

    /// @notice The status points `account` earned within the window that ends at `time` (at most
    /// `windowBuckets` buckets back from now are known).
    function balanceAt(address account, uint256 time) external view returns (uint256);

    /// @notice The tier of `account` now: how many thresholds its status points reach.
    function tierOf(address account) external view returns (uint256);

    /// @notice The thresholds and the names of the tiers.
    function tiers() external view returns (uint256[] memory thresholds, string[] memory names);

    /// @notice Gives `account` `amount` status points in the current bucket, for `ref`. Only issuers.
    /// One account holds at most 2^32 - 1 in one bucket; beyond that they saturate (no revert).
    function issue(address account, uint256 amount, bytes32 ref) external;

    /// @notice Takes back up to `amount` of the status points `account` earned in the bucket of
    /// `earnedAt` (those still in the window), for `ref`; returns how many it took. Only issuers.
    function reverse(address account, uint256 amount, uint256 earnedAt, bytes32 ref) external returns (uint256 taken);

    /// @notice Sets the tiers: ascending thresholds (at most four) and a name for each tier, tier 0
    /// first. A member's tier follows at once. Only the admin.
    function setTiers(uint256[] calldata thresholds, string[] calldata names) external;

    /// @notice Always reverts: status points are not transferable.
    function transfer(address to, uint256 value) external returns (bool);

    /// @notice Always reverts: status points are not transferable.
    function transferFrom(address from, address to, uint256 value) external returns (bool);

    /// @notice Always reverts: status points are not transferable.
    function approve(address spender, uint256 value) external returns (bool);

    /// @notice Always 0.
    function allowance(address owner, address spender) external view returns (uint256);
}
