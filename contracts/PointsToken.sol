// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Pausable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Pausable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IPointsToken} from "./interfaces/IPointsToken.sol";

/// @title PointsToken
/// @notice Loyalty points as an ERC-20 with 0 decimals, ERC-2612 permit, pause, a two-step delayed
/// admin, issuers with quotas, and traceable issuance and burns.
/// @dev The constructor grants every role it is given, so a deployment leaves no role on the
/// deployer unless it is named. Refunds are bounded by what each burner burned, so even a
/// compromised redemption module cannot inflate the supply.
contract PointsToken is IPointsToken, ERC20Pausable, ERC20Permit, AccessControlDefaultAdminRules {
    /// @notice An issuer and the points it may issue, granted at deployment.
    struct IssuerGrant {
        address account;
        uint256 quota;
    }

    /// @notice Everything a deployment decides.
    struct Config {
        string name;
        string symbol;
        /// @dev 0: no cap.
        uint256 supplyCap;
        /// @dev The default admin (a multisig, in production) and the delay of its hand-over.
        address admin;
        uint48 adminDelay;
        IssuerGrant[] issuers;
        address[] burners;
        address[] pausers;
    }

    uint256 private constant _MAX_SYMBOL_LENGTH = 11;

    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");
    bytes32 public constant BURNER_ROLE = keccak256("BURNER_ROLE");
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    uint256 public immutable supplyCap;

    mapping(address issuer => uint256 remaining) public issuerQuota;
    mapping(bytes32 batchRef => bool issued) public batchIssued;
    mapping(address burner => uint256 points) public refundable;

    constructor(Config memory config)
        ERC20(config.name, config.symbol)
        ERC20Permit(config.name)
        AccessControlDefaultAdminRules(config.adminDelay, config.admin)
    {
        uint256 symbolLength = bytes(config.symbol).length;
        if (symbolLength == 0 || symbolLength > _MAX_SYMBOL_LENGTH) {
            revert SymbolLengthInvalid(symbolLength, _MAX_SYMBOL_LENGTH);
        }
        supplyCap = config.supplyCap;
        for (uint256 i; i < config.issuers.length; ++i) {
            IssuerGrant memory grant = config.issuers[i];
            _grantRole(ISSUER_ROLE, grant.account);
            issuerQuota[grant.account] = grant.quota;
            emit IssuerQuotaSet(grant.account, 0, grant.quota);
        }
        for (uint256 i; i < config.burners.length; ++i) {
            _grantRole(BURNER_ROLE, config.burners[i]);
        }
        for (uint256 i; i < config.pausers.length; ++i) {
            _grantRole(PAUSER_ROLE, config.pausers[i]);
        }
    }

    /// @notice Points are whole: one point is one unit.
    function decimals() public pure override returns (uint8) {
        return 0;
    }

    /// @inheritdoc IPointsToken
    function setIssuerQuota(address issuer, uint256 quota) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint256 previous = issuerQuota[issuer];
        issuerQuota[issuer] = quota;
        emit IssuerQuotaSet(issuer, previous, quota);
    }

    /// @inheritdoc IPointsToken
    function issue(address to, uint256 amount, bytes32 ref) external onlyRole(ISSUER_ROLE) {
        if (amount == 0) revert ZeroAmount();
        if (ref == bytes32(0)) revert ZeroReference();
        _spendQuota(msg.sender, amount);
        _mint(to, amount);
        emit Issued(msg.sender, to, amount, ref);
    }

    /// @inheritdoc IPointsToken
    function issueBatch(address[] calldata recipients, uint256[] calldata amounts, bytes32 batchRef)
        external
        onlyRole(ISSUER_ROLE)
    {
        uint256 n = recipients.length;
        if (n == 0) revert BatchEmpty();
        if (n != amounts.length) revert BatchLengthMismatch(n, amounts.length);
        if (batchRef == bytes32(0)) revert ZeroReference();
        if (batchIssued[batchRef]) revert BatchAlreadyIssued(batchRef);
        batchIssued[batchRef] = true;

        uint256 total;
        for (uint256 i; i < n; ++i) {
            address to = recipients[i];
            uint256 amount = amounts[i];
            if (to == address(0)) revert BatchZeroRecipient(i);
            if (amount == 0) revert BatchZeroAmount(i);
            total += amount;
        }
        // Quota and cap are checked on the total before any balance moves.
        _spendQuota(msg.sender, total);
        for (uint256 i; i < n; ++i) {
            _mint(recipients[i], amounts[i]);
        }
        emit BatchIssued(msg.sender, batchRef, n, total);
    }

    /// @inheritdoc IPointsToken
    function burn(address from, uint256 amount, bytes32 ref) external onlyRole(BURNER_ROLE) {
        if (amount == 0) revert ZeroAmount();
        _burn(from, amount);
        refundable[msg.sender] += amount;
        emit Burned(msg.sender, from, amount, ref);
    }

    /// @inheritdoc IPointsToken
    function refund(address to, uint256 amount, bytes32 ref) external onlyRole(BURNER_ROLE) {
        if (amount == 0) revert ZeroAmount();
        uint256 available = refundable[msg.sender];
        if (amount > available) revert RefundExceedsBurned(msg.sender, available, amount);
        unchecked {
            refundable[msg.sender] = available - amount;
        }
        _mint(to, amount);
        emit Refunded(msg.sender, to, amount, ref);
    }

    /// @inheritdoc IPointsToken
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc IPointsToken
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    function _spendQuota(address issuer, uint256 amount) private {
        uint256 remaining = issuerQuota[issuer];
        if (amount > remaining) revert IssuerQuotaExceeded(issuer, remaining, amount);
        uint256 cap = supplyCap;
        if (cap != 0) {
            uint256 supply = totalSupply();
            // Refunds restore burned points, so the supply may stand above the cap.
            if (supply >= cap || amount > cap - supply) revert SupplyCapExceeded(cap, supply, amount);
        }
        unchecked {
            issuerQuota[issuer] = remaining - amount;
        }
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Pausable) {
        super._update(from, to, value);
    }
}
