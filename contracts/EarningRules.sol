// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IEarningRules} from "./interfaces/IEarningRules.sol";
import {IPointsToken} from "./interfaces/IPointsToken.sol";
import {IStatusPoints} from "./interfaces/IStatusPoints.sol";
import {CustomerContext} from "./metatx/CustomerContext.sol";

/// @title EarningRules
/// @notice One merchant's earning rules. It issues points as an issuer of the token, from its own
/// quota, and as many status points (if the program has them); map it to its merchant with
/// PointsMall.setMerchantIssuer so settlement counts its points as that merchant's. To take points
/// back on returns it needs the token's BURNER_ROLE.
/// @dev Every change of a rule is a new version with the time it applies from, and versions are
/// never rewritten, so a purchase is valued by the rules as they were when it was reported or
/// signed, whatever happened since. Live rules are bounded, so evaluating them is.
contract EarningRules is IEarningRules, AccessControlDefaultAdminRules, EIP712, CustomerContext {
    /// @notice Everything a deployment decides.
    struct Config {
        IPointsToken token;
        /// @dev The program's status points; 0: none (then every member is tier 0).
        IStatusPoints status;
        /// @dev The token's ERC-2771 forwarder, so a customer with no coin can claim; 0: none.
        address forwarder;
        address admin;
        uint48 adminDelay;
        /// @dev Seconds a new or changed rule waits before it applies.
        uint40 ruleDelay;
        address[] managers;
        address[] reporters;
        address[] returnsReporters;
    }

    uint256 public constant MAX_LIVE_RULES = 16;
    uint256 public constant MAX_TIER = 4;
    uint256 public constant MAX_TIER_MULTIPLIER_PERCENT = 1_000;
    /// @notice The longest a purchase voucher may be valid: it bounds how old a rule version a claim reads.
    uint256 public constant MAX_VOUCHER_LIFETIME = 90 days;
    bytes32 public constant RULES_MANAGER = keccak256("RULES_MANAGER");
    bytes32 public constant REPORTER = keccak256("REPORTER");
    bytes32 public constant RETURNS_REPORTER = keccak256("RETURNS_REPORTER");
    bytes32 private constant _PURCHASE_TYPEHASH = keccak256(
        "PurchaseVoucher(address customer,uint256 spend,bytes32 receipt,uint256 ruleId,uint256 tier,uint256 signedAt,uint256 expiry)"
    );

    IPointsToken public immutable token;
    IStatusPoints public immutable status;
    uint256 public immutable ruleDelay;

    mapping(uint256 ruleId => RuleVersion[]) private _versions;
    mapping(uint256 ruleId => uint256) public retiredAt;
    uint256 public ruleCount;
    /// @dev Rules neither retired nor known to have ended; reportPurchase evaluates only these.
    uint256[] private _liveIds;
    mapping(bytes32 receipt => Purchase) private _purchases;
    mapping(address customer => mapping(uint256 day => uint256 points)) public earnedOn;
    mapping(address customer => uint256) public pendingOf;
    mapping(address customer => uint256) public debtOf;

    constructor(Config memory config)
        AccessControlDefaultAdminRules(config.adminDelay, config.admin)
        EIP712("Points Earning Rules", "1")
        CustomerContext(config.forwarder)
    {
        if (config.forwarder != address(0) && !config.token.isTrustedForwarder(config.forwarder)) {
            revert ForwarderNotTrustedByToken(config.forwarder);
        }
        (token, status, ruleDelay) = (config.token, config.status, config.ruleDelay);
        for (uint256 i; i < config.managers.length; ++i) {
            _grantRole(RULES_MANAGER, config.managers[i]);
        }
        for (uint256 i; i < config.reporters.length; ++i) {
            _grantRole(REPORTER, config.reporters[i]);
        }
        for (uint256 i; i < config.returnsReporters.length; ++i) {
            _grantRole(RETURNS_REPORTER, config.returnsReporters[i]);
        }
    }

    // --------------------------------------------------------------------- rules

    /// @inheritdoc IEarningRules
    function addRule(Rule calldata r) external onlyRole(RULES_MANAGER) returns (uint256 ruleId) {
        _check(r);
        if (_liveIds.length >= MAX_LIVE_RULES) _pruneEnded();
        if (_liveIds.length >= MAX_LIVE_RULES) revert TooManyLiveRules(MAX_LIVE_RULES);
        ruleId = ++ruleCount;
        _liveIds.push(ruleId);
        _schedule(ruleId, r, block.timestamp + ruleDelay);
    }

    /// @inheritdoc IEarningRules
    function updateRule(uint256 ruleId, Rule calldata r) external onlyRole(RULES_MANAGER) {
        _known(ruleId);
        uint256 retired = retiredAt[ruleId];
        if (retired != 0) revert RuleIsRetired(ruleId, retired);
        _check(r);
        RuleVersion[] storage versions = _versions[ruleId];
        // A change that is not in effect yet is replaced: only the newest decision stands.
        while (versions.length > 1 && versions[versions.length - 1].effectiveAt > block.timestamp) versions.pop();
        RuleVersion storage current = versions[versions.length - 1];
        uint256 from = _onlyShortensEnd(current.rule, r) && current.effectiveAt <= block.timestamp
            ? block.timestamp
            : block.timestamp + ruleDelay;
        if (versions.length == 1 && current.effectiveAt > block.timestamp) versions.pop(); // a rule never in effect
        _schedule(ruleId, r, from);
    }

    /// @inheritdoc IEarningRules
    function retireRule(uint256 ruleId) external onlyRole(RULES_MANAGER) {
        _known(ruleId);
        if (retiredAt[ruleId] != 0) revert RuleIsRetired(ruleId, retiredAt[ruleId]);
        retiredAt[ruleId] = block.timestamp;
        _removeLive(ruleId);
        emit RuleRetired(ruleId, block.timestamp);
    }

    /// @inheritdoc IEarningRules
    function rule(uint256 ruleId) external view returns (Rule memory) {
        _known(ruleId);
        (Rule memory r, bool found) = _ruleAt(ruleId, block.timestamp, true);
        return found ? r : _versions[ruleId][0].rule;
    }

    /// @inheritdoc IEarningRules
    function ruleVersions(uint256 ruleId) external view returns (RuleVersion[] memory) {
        _known(ruleId);
        return _versions[ruleId];
    }

    // ----------------------------------------------------------------- purchases

    /// @inheritdoc IEarningRules
    function quote(address customer, uint256 spend) public view returns (uint256 ruleId, uint256 points, uint256 holdDays) {
        uint256 tier = address(status) == address(0) ? 0 : status.tierOf(customer);
        return _best(customer, spend, tier, block.timestamp);
    }

    /// @inheritdoc IEarningRules
    function reportPurchase(address customer, uint256 spend, bytes32 receipt) external onlyRole(REPORTER) returns (uint256) {
        uint256 tier = address(status) == address(0) ? 0 : status.tierOf(customer);
        (uint256 ruleId, uint256 points, uint256 holdDays) = _best(customer, spend, tier, block.timestamp);
        return _reward(customer, spend, receipt, ruleId, points, holdDays, tier, block.timestamp);
    }

    /// @inheritdoc IEarningRules
    function claimPurchase(PurchaseVoucher calldata v, bytes calldata signature) external returns (uint256) {
        if (block.timestamp > v.expiry) revert PurchaseVoucherExpired(v.expiry);
        if (v.signedAt > block.timestamp) revert VoucherSignedInTheFuture(v.signedAt, block.timestamp);
        if (v.expiry - v.signedAt > MAX_VOUCHER_LIFETIME) revert VoucherLifetimeTooLong(v.signedAt, v.expiry, MAX_VOUCHER_LIFETIME);
        if (v.tier > MAX_TIER) revert InvalidTier(v.tier, MAX_TIER);
        // Only the customer decides when to claim: nobody holding the code can spend it for them.
        address caller = _customer();
        if (caller != v.customer) revert NotTheCustomer(caller, v.customer);
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(_PURCHASE_TYPEHASH, v.customer, v.spend, v.receipt, v.ruleId, v.tier, v.signedAt, v.expiry))
        );
        _checkRole(REPORTER, ECDSA.recover(digest, signature));
        // Valued as at signing: the rule's version then, the tier then, the cap of that day.
        uint256 points;
        uint256 holdDays;
        if (v.ruleId != 0) {
            _known(v.ruleId);
            (Rule memory r, bool found) = _ruleAt(v.ruleId, v.signedAt, false);
            if (found) (points, holdDays) = (_points(r, v.customer, v.spend, v.tier, v.signedAt), r.holdDays);
        }
        return _reward(v.customer, v.spend, v.receipt, points == 0 ? 0 : v.ruleId, points, holdDays, v.tier, v.signedAt);
    }

    /// @inheritdoc IEarningRules
    function release(bytes32[] calldata receipts) external {
        for (uint256 i; i < receipts.length; ++i) {
            bytes32 receipt = receipts[i];
            Purchase storage p = _purchases[receipt];
            if (p.customer == address(0)) revert UnknownReceipt(receipt);
            if (p.released) revert NothingPending(receipt);
            if (block.timestamp < p.releaseAt) revert NotYetReleasable(receipt, p.releaseAt);
            p.released = true;
            uint256 points = p.points - p.reversed;
            pendingOf[p.customer] -= points;
            emit PurchaseReleased(receipt, p.customer, points);
            _issue(p.customer, points, receipt);
        }
    }

    /// @inheritdoc IEarningRules
    function reportReturn(bytes32 receipt, uint256 returnedSpend) external onlyRole(RETURNS_REPORTER) {
        Purchase storage p = _purchases[receipt];
        address customer = p.customer;
        if (customer == address(0)) revert UnknownReceipt(receipt);
        if (returnedSpend == 0) revert ZeroReturn();
        uint256 before = p.returnedSpend;
        if (returnedSpend > p.spend - before) revert ReturnExceedsSpend(receipt, p.spend, before, returnedSpend);
        // In proportion, rounded so that a full return takes back exactly what was earned.
        uint256 share = (uint256(p.points) * (before + returnedSpend)) / p.spend - (uint256(p.points) * before) / p.spend;
        p.returnedSpend = uint96(before + returnedSpend);
        p.reversed += uint64(share);
        if (!p.released) {
            pendingOf[customer] -= share;
            emit ReturnReported(receipt, customer, returnedSpend, share, 0, 0);
            return;
        }
        uint256 held = token.balanceOf(customer);
        uint256 takenBack = share < held ? share : held;
        uint256 owed = share - takenBack;
        if (owed != 0) debtOf[customer] += owed;
        emit ReturnReported(receipt, customer, returnedSpend, 0, takenBack, owed);
        if (address(status) != address(0)) status.reverse(customer, share, p.releaseAt, receipt);
        if (takenBack != 0) {
            // Burned for good: a return is not an order, nothing will be refunded.
            token.burn(customer, takenBack, receipt);
            token.finalizeBurn(takenBack, receipt);
        }
    }

    /// @inheritdoc IEarningRules
    function purchase(bytes32 receipt) external view returns (Purchase memory) {
        return _purchases[receipt];
    }

    // ----------------------------------------------------------------- internals

    function _reward(
        address customer,
        uint256 spend,
        bytes32 receipt,
        uint256 ruleId,
        uint256 points,
        uint256 holdDays,
        uint256 tier,
        uint256 at
    ) private returns (uint256) {
        if (spend > type(uint96).max) revert SpendTooLarge(spend, type(uint96).max);
        Purchase storage p = _purchases[receipt];
        if (p.customer != address(0)) revert ReceiptAlreadyReported(receipt);
        if (points != 0) earnedOn[customer][at / 1 days] += points;
        uint256 releaseAt = at + holdDays * 1 days;
        bool released = releaseAt <= block.timestamp;
        _purchases[receipt] = Purchase({
            customer: customer,
            releaseAt: uint40(released ? block.timestamp : releaseAt),
            released: released,
            tier: uint8(tier),
            spend: uint96(spend),
            returnedSpend: 0,
            points: uint64(points),
            reversed: 0
        });
        emit PurchaseRewarded(receipt, customer, spend, ruleId, points, released ? block.timestamp : releaseAt);
        if (!released) pendingOf[customer] += points;
        else _issue(customer, points, receipt);
        return points;
    }

    /// @dev Issues `points` (less what the customer owes from returns) and as many status points.
    function _issue(address customer, uint256 points, bytes32 receipt) private {
        if (points == 0) return;
        uint256 debt = debtOf[customer];
        uint256 settled = debt < points ? debt : points;
        if (settled != 0) {
            debtOf[customer] = debt - settled;
            emit DebtSettled(customer, settled, receipt);
        }
        // The token is trusted and issues from this contract's quota; effects are done first.
        if (points > settled) token.issue(customer, points - settled, receipt);
        if (address(status) != address(0)) status.issue(customer, points, receipt);
    }

    /// @dev The best live rule for a purchase at `at` (now): the most points, the lowest id on a tie.
    function _best(address customer, uint256 spend, uint256 tier, uint256 at)
        private
        view
        returns (uint256 ruleId, uint256 points, uint256 holdDays)
    {
        uint256 n = _liveIds.length;
        for (uint256 i; i < n; ++i) {
            uint256 id = _liveIds[i];
            (Rule memory r, bool found) = _ruleAt(id, at, false);
            if (!found) continue;
            uint256 p = _points(r, customer, spend, tier, at);
            if (p > points || (p == points && p != 0 && id < ruleId)) (ruleId, points, holdDays) = (id, p, r.holdDays);
        }
    }

    /// @dev What rule `r` pays for `spend` by `customer` of tier `tier` at `at`.
    function _points(Rule memory r, address customer, uint256 spend, uint256 tier, uint256 at) private view returns (uint256 p) {
        if (at < r.start || (r.end != 0 && at >= r.end) || spend < r.minSpend) return 0;
        p = (spend / r.spendUnit) * r.pointsPerUnit * r.multiplierBps / 10_000;
        uint256 percent = r.tierMultiplierPercent[tier];
        if (percent != 0) p = p * percent / 100;
        if (r.perPurchaseCap != 0 && p > r.perPurchaseCap) p = r.perPurchaseCap;
        if (r.dailyCap != 0) {
            uint256 earned = earnedOn[customer][at / 1 days];
            p = earned >= r.dailyCap ? 0 : _min(p, r.dailyCap - earned);
        }
        if (p > type(uint64).max) p = type(uint64).max;
    }

    /// @dev The version of rule `ruleId` that applies at `at`, unless it was retired by then. With
    /// `anyTime`, retirement is ignored (for reading the rule).
    function _ruleAt(uint256 ruleId, uint256 at, bool anyTime) private view returns (Rule memory r, bool found) {
        uint256 retired = retiredAt[ruleId];
        if (!anyTime && retired != 0 && at >= retired) return (r, false);
        RuleVersion[] storage versions = _versions[ruleId];
        for (uint256 i = versions.length; i > 0; --i) {
            if (versions[i - 1].effectiveAt <= at) return (versions[i - 1].rule, true);
        }
    }

    function _schedule(uint256 ruleId, Rule calldata r, uint256 effectiveAt) private {
        _versions[ruleId].push(RuleVersion({rule: r, effectiveAt: uint40(effectiveAt)}));
        emit RuleScheduled(ruleId, _versions[ruleId].length - 1, r, effectiveAt);
    }

    /// @dev Whether `next` is `current` with an earlier, non-zero end: members lose nothing they
    /// were promised for the past, so it need not wait.
    function _onlyShortensEnd(Rule memory current, Rule calldata next) private pure returns (bool) {
        if (next.end == 0 || (current.end != 0 && next.end >= current.end)) return false;
        Rule memory same = current;
        same.end = next.end;
        return keccak256(abi.encode(same)) == keccak256(abi.encode(next));
    }

    function _known(uint256 ruleId) private view {
        if (ruleId == 0 || ruleId > ruleCount) revert UnknownRule(ruleId);
    }

    function _check(Rule calldata r) private pure {
        if (r.spendUnit == 0) revert ZeroSpendUnit();
        if (r.multiplierBps == 0) revert ZeroMultiplier();
        if (r.end != 0 && r.end <= r.start) revert InvalidRuleWindow(r.start, r.end);
        for (uint256 t; t <= MAX_TIER; ++t) {
            if (r.tierMultiplierPercent[t] > MAX_TIER_MULTIPLIER_PERCENT) {
                revert TierMultiplierTooLarge(t, r.tierMultiplierPercent[t], MAX_TIER_MULTIPLIER_PERCENT);
            }
        }
    }

    /// @dev Drops from the live set the rules whose newest version has ended.
    function _pruneEnded() private {
        for (uint256 i = _liveIds.length; i > 0; --i) {
            uint256 id = _liveIds[i - 1];
            RuleVersion[] storage versions = _versions[id];
            uint40 end = versions[versions.length - 1].rule.end;
            if (end != 0 && end <= block.timestamp) _removeLive(id);
        }
    }

    function _removeLive(uint256 ruleId) private {
        uint256 n = _liveIds.length;
        for (uint256 i; i < n; ++i) {
            if (_liveIds[i] == ruleId) {
                _liveIds[i] = _liveIds[n - 1];
                _liveIds.pop();
                return;
            }
        }
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }

    /// @dev No role for the trusted forwarder: through it, anyone could use the role.
    function _grantRole(bytes32 role, address account) internal override returns (bool) {
        if (isTrustedForwarder(account)) revert RoleForForwarder(role, account);
        return super._grantRole(role, account);
    }
}
