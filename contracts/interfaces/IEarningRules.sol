// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC2771Recipient} from "./IERC2771Recipient.sol";

/// @title IEarningRules
/// @notice One merchant's rules that turn a purchase into points: points per unit spent, campaign
/// multipliers in a time window, a minimum spend, a cap per purchase and a cap per customer per
/// day. A purchase is reported by the merchant's reporter (or as a voucher a reporter signed),
/// evaluated on-chain by the rules active at that moment, and the best rule's points are issued
/// from this contract's own issuer quota, with the receipt as reference.
interface IEarningRules is IERC2771Recipient {
    /// @notice A rule. Points = spend / spendUnit * pointsPerUnit * multiplierBps / 10,000, at most
    /// `perPurchaseCap` (0: none), and, with what the customer earned here today, at most `dailyCap`
    /// (0: none). It applies from `start` until `end` (0: no end) to spends of at least `minSpend`.
    struct Rule {
        uint64 pointsPerUnit;
        uint64 spendUnit;
        uint32 multiplierBps;
        uint64 minSpend;
        uint64 perPurchaseCap;
        uint64 dailyCap;
        uint40 start;
        uint40 end;
        bool active;
    }

    /// @notice A purchase a reporter signed (EIP-712), for the customer to submit.
    struct PurchaseVoucher {
        address customer;
        uint256 spend;
        bytes32 receipt;
        uint256 expiry;
    }

    /// @notice Rule `ruleId` was added as `rule`.
    event RuleAdded(uint256 indexed ruleId, Rule rule);

    /// @notice Rule `ruleId` is now `rule`; purchases reported before keep what they earned.
    event RuleUpdated(uint256 indexed ruleId, Rule rule);

    /// @notice Rule `ruleId` no longer applies.
    event RuleRetired(uint256 indexed ruleId);

    /// @notice `customer` spent `spend` on `receipt` and earned `points` under rule `ruleId` (0: no
    /// rule applied, nothing issued).
    event PurchaseRewarded(bytes32 indexed receipt, address indexed customer, uint256 spend, uint256 indexed ruleId, uint256 points);

    /// @notice No rule has id `ruleId`.
    error UnknownRule(uint256 ruleId);

    /// @notice A rule needs a spend unit above 0 and a multiplier above 0; its window must end after it starts.
    error InvalidRule();

    /// @notice At most `max` rules may be active at once.
    error TooManyActiveRules(uint256 max);

    /// @notice Receipt `receipt` was reported already; a purchase earns once.
    error ReceiptAlreadyReported(bytes32 receipt);

    /// @notice The purchase voucher expired at `expiry`.
    error PurchaseVoucherExpired(uint256 expiry);

    /// @notice The role that adds, changes and retires rules.
    function RULES_MANAGER() external view returns (bytes32);

    /// @notice The role that reports purchases (a till, a shop's back end), directly or by signing vouchers.
    function REPORTER() external view returns (bytes32);

    /// @notice Adds a rule. Only rules managers.
    function addRule(Rule calldata rule) external returns (uint256 ruleId);

    /// @notice Changes rule `ruleId`; purchases already reported keep what they earned. Only rules managers.
    function updateRule(uint256 ruleId, Rule calldata rule) external;

    /// @notice Retires rule `ruleId`. Only rules managers.
    function retireRule(uint256 ruleId) external;

    /// @notice Rule `ruleId`.
    function rule(uint256 ruleId) external view returns (Rule memory);

    /// @notice How many rules were ever added (ids run from 1).
    function ruleCount() external view returns (uint256);

    /// @notice What a purchase of `spend` by `customer` would earn now: the best rule and its points.
    function quote(address customer, uint256 spend) external view returns (uint256 ruleId, uint256 points);

    /// @notice Reports a purchase and issues what it earns. Only reporters; each receipt once.
    function reportPurchase(address customer, uint256 spend, bytes32 receipt) external returns (uint256 points);

    /// @notice Submits a purchase a reporter signed; anyone may send it. Each receipt once, before expiry.
    function claimPurchase(PurchaseVoucher calldata voucher, bytes calldata signature) external returns (uint256 points);

    /// @notice Points `customer` earned here on UTC day `day` (timestamp / 86400).
    function earnedOn(address customer, uint256 day) external view returns (uint256);
}
