// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IERC2771Recipient} from "./interfaces/IERC2771Recipient.sol";
import {IEarningRules} from "./interfaces/IEarningRules.sol";
import {IPointsToken} from "./interfaces/IPointsToken.sol";

/// @title EarningRules
/// @notice One merchant's earning rules. It issues points as an issuer of the token, from its own
/// quota; map it to its merchant with PointsMall.setMerchantIssuer so settlement counts its points
/// as that merchant's.
/// @dev Rules are evaluated when a purchase is reported, so changing a rule never touches what
/// earlier purchases earned, and a receipt is reported once. Active rules are bounded, so the
/// evaluation's gas is.
contract EarningRules is IEarningRules, AccessControl, EIP712 {
    uint256 public constant MAX_ACTIVE_RULES = 16;
    bytes32 public constant RULES_MANAGER = keccak256("RULES_MANAGER");
    bytes32 public constant REPORTER = keccak256("REPORTER");
    bytes32 private constant _PURCHASE_TYPEHASH =
        keccak256("PurchaseVoucher(address customer,uint256 spend,bytes32 receipt,uint256 expiry)");

    IPointsToken public immutable token;

    Rule[] private _rules;
    /// @dev Evaluation reads only these, at most MAX_ACTIVE_RULES: retired rules cost nothing.
    uint256[] private _activeIds;
    mapping(bytes32 receipt => bool reported) public receiptReported;
    mapping(address customer => mapping(uint256 day => uint256 points)) public earnedOn;

    constructor(IPointsToken token_, address admin, address[] memory managers, address[] memory reporters)
        EIP712("Points Earning Rules", "1")
    {
        token = token_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        for (uint256 i; i < managers.length; ++i) {
            _grantRole(RULES_MANAGER, managers[i]);
        }
        for (uint256 i; i < reporters.length; ++i) {
            _grantRole(REPORTER, reporters[i]);
        }
    }

    // --------------------------------------------------------------------- rules

    /// @inheritdoc IEarningRules
    function addRule(Rule calldata r) external onlyRole(RULES_MANAGER) returns (uint256 ruleId) {
        _check(r);
        _rules.push(r);
        ruleId = _rules.length;
        if (r.active) _activate(ruleId);
        emit RuleAdded(ruleId, r);
    }

    /// @inheritdoc IEarningRules
    function updateRule(uint256 ruleId, Rule calldata r) external onlyRole(RULES_MANAGER) {
        Rule storage stored = _rule(ruleId);
        _check(r);
        if (r.active && !stored.active) _activate(ruleId);
        if (!r.active && stored.active) _deactivate(ruleId);
        _rules[ruleId - 1] = r;
        emit RuleUpdated(ruleId, r);
    }

    /// @inheritdoc IEarningRules
    function retireRule(uint256 ruleId) external onlyRole(RULES_MANAGER) {
        Rule storage stored = _rule(ruleId);
        if (stored.active) {
            stored.active = false;
            _deactivate(ruleId);
        }
        emit RuleRetired(ruleId);
    }

    /// @inheritdoc IEarningRules
    function rule(uint256 ruleId) external view returns (Rule memory) {
        return _rule(ruleId);
    }

    /// @inheritdoc IEarningRules
    function ruleCount() external view returns (uint256) {
        return _rules.length;
    }

    // ----------------------------------------------------------------- purchases

    /// @inheritdoc IEarningRules
    function quote(address customer, uint256 spend) public view returns (uint256 ruleId, uint256 points) {
        uint256 day = block.timestamp / 1 days;
        uint256 earnedToday = earnedOn[customer][day];
        uint256 n = _activeIds.length;
        for (uint256 i; i < n; ++i) {
            uint256 id = _activeIds[i];
            Rule memory r = _rules[id - 1];
            if (block.timestamp < r.start || (r.end != 0 && block.timestamp >= r.end) || spend < r.minSpend) continue;
            uint256 p = (spend / r.spendUnit) * r.pointsPerUnit * r.multiplierBps / 10_000;
            if (r.perPurchaseCap != 0 && p > r.perPurchaseCap) p = r.perPurchaseCap;
            if (r.dailyCap != 0) p = earnedToday >= r.dailyCap ? 0 : _min(p, r.dailyCap - earnedToday);
            if (p > points || (p == points && points != 0 && id < ruleId)) (ruleId, points) = (id, p);
        }
    }

    /// @inheritdoc IEarningRules
    function reportPurchase(address customer, uint256 spend, bytes32 receipt)
        external
        onlyRole(REPORTER)
        returns (uint256)
    {
        return _reward(customer, spend, receipt);
    }

    /// @inheritdoc IEarningRules
    function claimPurchase(PurchaseVoucher calldata v, bytes calldata signature) external returns (uint256) {
        if (block.timestamp > v.expiry) revert PurchaseVoucherExpired(v.expiry);
        bytes32 digest = _hashTypedDataV4(keccak256(abi.encode(_PURCHASE_TYPEHASH, v.customer, v.spend, v.receipt, v.expiry)));
        _checkRole(REPORTER, ECDSA.recover(digest, signature));
        return _reward(v.customer, v.spend, v.receipt);
    }

    // ------------------------------------------------------------------ ERC-2771

    /// @inheritdoc IERC2771Recipient
    /// @dev The token's forwarder: a relayer may submit a customer's purchase voucher. Nothing here
    /// reads the forwarded sender; `claimPurchase` pays whoever the reporter signed for.
    function isTrustedForwarder(address forwarder) external view returns (bool) {
        return token.isTrustedForwarder(forwarder);
    }

    // ----------------------------------------------------------------- internals

    function _reward(address customer, uint256 spend, bytes32 receipt) private returns (uint256 points) {
        if (receiptReported[receipt]) revert ReceiptAlreadyReported(receipt);
        receiptReported[receipt] = true;
        uint256 ruleId;
        (ruleId, points) = quote(customer, spend);
        if (points != 0) earnedOn[customer][block.timestamp / 1 days] += points;
        emit PurchaseRewarded(receipt, customer, spend, ruleId, points);
        // The token is trusted and issues from this contract's quota; effects are done first.
        if (points != 0) token.issue(customer, points, receipt);
    }

    function _rule(uint256 ruleId) private view returns (Rule storage) {
        if (ruleId == 0 || ruleId > _rules.length) revert UnknownRule(ruleId);
        return _rules[ruleId - 1];
    }

    function _check(Rule calldata r) private pure {
        if (r.spendUnit == 0 || r.multiplierBps == 0 || (r.end != 0 && r.end <= r.start)) revert InvalidRule();
    }

    function _activate(uint256 ruleId) private {
        if (_activeIds.length >= MAX_ACTIVE_RULES) revert TooManyActiveRules(MAX_ACTIVE_RULES);
        _activeIds.push(ruleId);
    }

    function _deactivate(uint256 ruleId) private {
        uint256 n = _activeIds.length;
        for (uint256 i; i < n; ++i) {
            if (_activeIds[i] == ruleId) {
                _activeIds[i] = _activeIds[n - 1];
                _activeIds.pop();
                return;
            }
        }
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}
