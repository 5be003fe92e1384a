// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC2771Recipient} from "./IERC2771Recipient.sol";

/// @title IEarningRules
/// @notice One merchant's rules that turn a purchase into points: points per unit spent, campaign
/// multipliers in a time window, a multiplier by the member's tier, a minimum spend, a cap per
/// purchase and per customer per day, and a return window during which the points wait, pending.
/// A purchase is reported by the merchant's reporter, or signed by it as a voucher the customer
/// claims; either way it is valued by the rules in effect when it was reported or signed, and the
/// points are issued from this contract's own issuer quota with the receipt as reference, together
/// with as many status points. Members can see what they will earn before it applies: a new or
/// changed rule takes effect only after `ruleDelay` (announced by `RuleScheduled`), while retiring a
/// rule or shortening its end applies at once. A reported return cancels what is still pending,
/// or takes back what was issued, in proportion, never more than the receipt earned.
interface IEarningRules is IERC2771Recipient {
    /// @notice A rule. Points = spend / spendUnit * pointsPerUnit * multiplierBps / 10,000, times
    /// `tierMultiplierPercent[tier] / 100` for the member's tier (0: 1x), at most `perPurchaseCap`
    /// (0: none) and, with what the customer earned here that day, at most `dailyCap` (0: none). It
    /// applies from `start` until `end` (0: no end) to spends of at least `minSpend`. The points wait
    /// `holdDays` days (the return window; 0: spendable at once).
    struct Rule {
        uint64 pointsPerUnit;
        uint64 spendUnit;
        uint32 multiplierBps;
        uint64 minSpend;
        uint64 perPurchaseCap;
        uint64 dailyCap;
        uint40 start;
        uint40 end;
        uint16 holdDays;
        uint16[5] tierMultiplierPercent;
    }

    /// @notice A rule as it applies from `effectiveAt`.
    struct RuleVersion {
        Rule rule;
        uint40 effectiveAt;
    }

    /// @notice A purchase a reporter signed (EIP-712) at `signedAt`, for the customer to claim
    /// before `expiry`: valued by rule `ruleId` as it was at `signedAt`, for a member of tier `tier`
    /// then, its daily cap counted on the day it was signed.
    struct PurchaseVoucher {
        address customer;
        uint256 spend;
        bytes32 receipt;
        uint256 ruleId;
        uint256 tier;
        uint256 signedAt;
        uint256 expiry;
    }

    /// @notice What a receipt earned and what became of it.
    struct Purchase {
        address customer;
        /// @dev When the points became (or become) spendable: the purchase plus the hold.
        uint40 releaseAt;
        bool released;
        uint8 tier;
        uint96 spend;
        uint96 returnedSpend;
        uint64 points;
        /// @dev Points cancelled while pending or taken back (or owed) after release.
        uint64 reversed;
    }

    /// @notice Rule `ruleId` will apply as `rule` from `effectiveAt` (its version `version`).
    event RuleScheduled(uint256 indexed ruleId, uint256 version, Rule rule, uint256 effectiveAt);

    /// @notice Rule `ruleId` no longer applies from `retiredAt` (for good).
    event RuleRetired(uint256 indexed ruleId, uint256 retiredAt);

    /// @notice `customer` spent `spend` on `receipt` and earned `points` under rule `ruleId` (0: no
    /// rule applied); they are spendable from `releaseAt` (until then pending).
    event PurchaseRewarded(
        bytes32 indexed receipt, address indexed customer, uint256 spend, uint256 indexed ruleId, uint256 points, uint256 releaseAt
    );

    /// @notice The pending points of `receipt`, `points`, were issued to `customer`.
    event PurchaseReleased(bytes32 indexed receipt, address indexed customer, uint256 points);

    /// @notice `returnedSpend` of `receipt` was returned: `cancelled` pending points were cancelled,
    /// `takenBack` issued points burned, and `owed` points (that the customer no longer held) are
    /// taken from its next rewards here.
    event ReturnReported(
        bytes32 indexed receipt, address indexed customer, uint256 returnedSpend, uint256 cancelled, uint256 takenBack, uint256 owed
    );

    /// @notice `amount` of what `customer` owed was kept from the points `receipt` earned.
    event DebtSettled(address indexed customer, uint256 amount, bytes32 indexed receipt);

    /// @notice No rule has id `ruleId`.
    error UnknownRule(uint256 ruleId);

    /// @notice A rule needs a spend unit above 0.
    error ZeroSpendUnit();

    /// @notice A rule needs a multiplier above 0 (10,000 is 1x).
    error ZeroMultiplier();

    /// @notice A rule's window must end (`end`) after it starts (`start`).
    error InvalidRuleWindow(uint256 start, uint256 end);

    /// @notice Tier `tier`'s multiplier of `percent`% is above the most allowed, `max`%.
    error TierMultiplierTooLarge(uint256 tier, uint256 percent, uint256 max);

    /// @notice Rule `ruleId` was retired at `retiredAt`; a retired rule stays retired.
    error RuleIsRetired(uint256 ruleId, uint256 retiredAt);

    /// @notice At most `max` rules may be live (not retired, not ended) at once.
    error TooManyLiveRules(uint256 max);

    /// @notice Receipt `receipt` was reported already; a purchase earns once.
    error ReceiptAlreadyReported(bytes32 receipt);

    /// @notice Receipt `receipt` was never reported.
    error UnknownReceipt(bytes32 receipt);

    /// @notice A spend of `spend` is above the most one purchase may report, `max`.
    error SpendTooLarge(uint256 spend, uint256 max);

    /// @notice The purchase voucher expired at `expiry`.
    error PurchaseVoucherExpired(uint256 expiry);

    /// @notice The purchase voucher says it was signed at `signedAt`, after now (`now_`).
    error VoucherSignedInTheFuture(uint256 signedAt, uint256 now_);

    /// @notice The voucher is valid from `signedAt` to `expiry`, longer than the most allowed, `max` seconds.
    error VoucherLifetimeTooLong(uint256 signedAt, uint256 expiry, uint256 max);

    /// @notice Tier `tier` does not exist (the highest is `max`).
    error InvalidTier(uint256 tier, uint256 max);

    /// @notice `caller` is not the voucher's customer `customer`: only the customer (directly or
    /// through the relay) may claim it.
    error NotTheCustomer(address caller, address customer);

    /// @notice The points of `receipt` are pending until `releaseAt`.
    error NotYetReleasable(bytes32 receipt, uint256 releaseAt);

    /// @notice The points of `receipt` are not pending (released already, or never held).
    error NothingPending(bytes32 receipt);

    /// @notice `returned` more of `receipt`'s spend `spend` (of which `returnedBefore` came back
    /// already) is more than was bought.
    error ReturnExceedsSpend(bytes32 receipt, uint256 spend, uint256 returnedBefore, uint256 returned);

    /// @notice A return of nothing was reported.
    error ZeroReturn();

    /// @notice `account` is the trusted forwarder, which may hold no role (through it, anyone could
    /// use the role).
    error RoleForForwarder(bytes32 role, address account);

    /// @notice `forwarder` is not the forwarder the points token trusts.
    error ForwarderNotTrustedByToken(address forwarder);

    /// @notice The role that adds, changes and retires rules.
    function RULES_MANAGER() external view returns (bytes32);

    /// @notice The role that reports purchases (a till, a shop's back end), directly or by signing vouchers.
    function REPORTER() external view returns (bytes32);

    /// @notice The role that reports returns of this merchant's purchases.
    function RETURNS_REPORTER() external view returns (bytes32);

    /// @notice How long a new or changed rule waits before it applies, in seconds.
    function ruleDelay() external view returns (uint256);

    /// @notice Adds a rule; it applies from `ruleDelay` seconds from now. Only rules managers.
    function addRule(Rule calldata rule) external returns (uint256 ruleId);

    /// @notice Changes rule `ruleId`. Purchases already reported keep what they earned. A change
    /// that only brings the end forward applies at once; any other after `ruleDelay` (a change not
    /// yet in effect is replaced). Only rules managers; a retired rule cannot change.
    function updateRule(uint256 ruleId, Rule calldata rule) external;

    /// @notice Retires rule `ruleId`, at once and for good. Only rules managers.
    function retireRule(uint256 ruleId) external;

    /// @notice Rule `ruleId` as it applies now (or, if none of its versions applies yet, its first).
    function rule(uint256 ruleId) external view returns (Rule memory);

    /// @notice Every version of rule `ruleId`, oldest first, with the time each applies from.
    function ruleVersions(uint256 ruleId) external view returns (RuleVersion[] memory);

    /// @notice When rule `ruleId` was retired (0: it was not).
    function retiredAt(uint256 ruleId) external view returns (uint256);

    /// @notice How many rules were ever added (ids run from 1).
    function ruleCount() external view returns (uint256);

    /// @notice What a purchase of `spend` by `customer` would earn now: the best rule, its points
    /// and how many days they would be pending.
    function quote(address customer, uint256 spend) external view returns (uint256 ruleId, uint256 points, uint256 holdDays);

    /// @notice Reports a purchase now and issues (or holds) what it earns. Only reporters; each receipt once.
    function reportPurchase(address customer, uint256 spend, bytes32 receipt) external returns (uint256 points);

    /// @notice Claims a purchase a reporter signed. Only its customer (directly, or through the
    /// trusted forwarder); each receipt once, before expiry.
    function claimPurchase(PurchaseVoucher calldata voucher, bytes calldata signature) external returns (uint256 points);

    /// @notice Issues the pending points of each receipt whose return window has passed. Anyone.
    function release(bytes32[] calldata receipts) external;

    /// @notice Reports that `returnedSpend` of `receipt`'s spend came back: cancels the pending points
    /// in proportion, or after the window takes back issued points in proportion (what the customer
    /// no longer holds is owed). Only returns reporters.
    function reportReturn(bytes32 receipt, uint256 returnedSpend) external;

    /// @notice What `receipt` earned and what became of it.
    function purchase(bytes32 receipt) external view returns (Purchase memory);

    /// @notice Points `customer` earned here that are pending, not yet spendable.
    function pendingOf(address customer) external view returns (uint256);

    /// @notice Points `customer` owes from returns, taken from its next rewards here.
    function debtOf(address customer) external view returns (uint256);

    /// @notice Points `customer` earned here on UTC day `day` (timestamp / 86400).
    function earnedOn(address customer, uint256 day) external view returns (uint256);
}
