// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IPointsLedger} from "../interfaces/IPointsLedger.sol";
import {CustomerContext} from "../metatx/CustomerContext.sol";

/// @title LedgerBase
/// @notice What every ledger of the points token has in common: name, symbol, 0 decimals,
/// allowances, ERC-2612 permit, the EIP-712 domain and the trusted forwarder; and the operations
/// the issuance policy (PointsIssuance) asks of a ledger. PointsERC20 keeps points forever;
/// ExpiringPointsERC20 lets them expire. Both keep the refund reserve: points burned by burners
/// that they may still give back (the points of open orders).
abstract contract LedgerBase is IPointsLedger, EIP712, Nonces, CustomerContext {
    bytes32 private constant _PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    mapping(address owner => mapping(address spender => uint256 points)) private _allowances;
    string private _name;
    string private _symbol;

    constructor(string memory name_, string memory symbol_, address forwarder)
        EIP712(name_, "1")
        CustomerContext(forwarder)
    {
        _name = name_;
        _symbol = symbol_;
    }

    // ------------------------------------------------------------------ ERC-20

    function name() external view returns (string memory) {
        return _name;
    }

    function symbol() external view returns (string memory) {
        return _symbol;
    }

    /// @notice Points are whole: one point is one unit.
    function decimals() external pure returns (uint8) {
        return 0;
    }

    function allowance(address owner, address spender) external view returns (uint256) {
        return _allowances[owner][spender];
    }

    function approve(address spender, uint256 value) external returns (bool) {
        _approve(_customer(), spender, value);
        return true;
    }

    // ------------------------------------------------------------------ ERC-2612

    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
    {
        if (block.timestamp > deadline) revert ERC2612ExpiredSignature(deadline);
        bytes32 structHash = keccak256(abi.encode(_PERMIT_TYPEHASH, owner, spender, value, _useNonce(owner), deadline));
        address signer = ECDSA.recover(_hashTypedDataV4(structHash), v, r, s);
        if (signer != owner) revert ERC2612InvalidSigner(signer, owner);
        _approve(owner, spender, value);
    }

    function nonces(address owner) public view virtual override(IERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ----------------------------------------------------- what a ledger provides

    /// @inheritdoc IPointsLedger
    function paused() public view virtual returns (bool);

    /// @dev The most points the ledger can hold, counting the refund reserve.
    function _maxSupply() internal pure virtual returns (uint256);

    function _setPaused(bool value) internal virtual;

    /// @dev The points burners may still give back (see IPointsToken.refundReserve).
    function _refundReserve() internal view virtual returns (uint256);

    /// @dev Credits `value` new points to `to`, keeping the supply plus the refund reserve at most
    /// `limit` (<= _maxSupply()).
    function _mint(address to, uint256 value, uint256 limit) internal virtual;

    /// @dev Credits `values[i]` to `recipients[i]` for every i, keeping the supply plus the refund
    /// reserve at most `limit`; returns the total.
    function _mintBatch(address[] calldata recipients, uint256[] calldata values, uint256 limit)
        internal
        virtual
        returns (uint256 total);

    /// @dev Takes `value` from `from` and from the supply into the refund reserve.
    function _burnToReserve(address from, uint256 value) internal virtual;

    /// @dev Gives `to` back `value` points from the refund reserve (the caller checked its burner
    /// may refund them).
    function _refundFromReserve(address to, uint256 value) internal virtual;

    /// @dev Takes `value` out of the refund reserve for good (the caller checked its burner holds them).
    function _finalizeFromReserve(uint256 value) internal virtual;

    // ---------------------------------------------------------------- allowances

    function _approve(address owner, address spender, uint256 value) internal {
        if (spender == address(0)) revert ERC20InvalidSpender(address(0));
        _allowances[owner][spender] = value;
        emit Approval(owner, spender, value);
    }

    function _spendAllowance(address owner, address spender, uint256 value) internal {
        uint256 current = _allowances[owner][spender];
        if (current == type(uint256).max) return; // an unlimited approval stays unlimited
        if (current < value) revert ERC20InsufficientAllowance(spender, current, value);
        unchecked {
            _allowances[owner][spender] = current - value;
        }
    }
}
