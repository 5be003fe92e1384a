// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ExpiringPointsERC20} from "../../token/ExpiringPointsERC20.sol";

/// @dev ExpiringPointsERC20's internals, callable. Not deployed outside tests.
contract ExpiringLedgerHarness is ExpiringPointsERC20 {
    constructor(uint256 epochSeconds, uint256 validity)
        ExpiringPointsERC20("Ledger", "LDG", address(0), epochSeconds, validity)
    {}

    function mint(address to, uint256 value, uint256 limit) external {
        _mint(to, value, limit);
    }

    function mintBatch(address[] calldata recipients, uint256[] calldata values, uint256 limit) external returns (uint256) {
        return _mintBatch(recipients, values, limit);
    }

    function burn(address from, uint256 value) external {
        _burnToReserve(from, value);
    }

    /// @dev The token checks its burner's refundable points first; the harness checks the reserve.
    function refund(address to, uint256 value) external {
        if (value > _refundReserve()) revert ReserveTooSmall(_refundReserve(), value);
        _refundFromReserve(to, value);
    }

    function finalize(uint256 value) external {
        if (value > _refundReserve()) revert ReserveTooSmall(_refundReserve(), value);
        _finalizeFromReserve(value);
    }

    function refundReserve() external view returns (uint256) {
        return _refundReserve();
    }

    function setPaused(bool value) external {
        _setPaused(value);
    }

    error ReserveTooSmall(uint256 reserve, uint256 wanted);
}

/// @dev The same ledger in plain Solidity: an amount per account per epoch, spent oldest first by
/// walking the epochs; the reference the shift registers of ExpiringPointsERC20 are fuzzed against.
contract ExpiringLedgerPlain {
    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    error EnforcedPause();
    error ERC20InvalidReceiver(address receiver);
    error ERC20InvalidSender(address sender);
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    error SupplyCapExceeded(uint256 cap, uint256 supply, uint256 reserved, uint256 wanted);
    error BatchInvalidRecipient(uint256 index, address recipient);
    error BatchZeroAmount(uint256 index);
    error ReserveTooSmall(uint256 reserve, uint256 wanted);
    error ERC7818TransferredExpiredToken(address sender, uint256 epoch);

    uint256 internal constant MAX = (1 << 54) - 1;
    address public immutable self;
    uint256 public immutable origin;
    uint256 public immutable epochSeconds;
    uint256 public immutable validity;
    bool public paused;
    uint256 public refundReserve;
    mapping(address account => mapping(uint256 epoch => uint256)) internal _held;
    mapping(uint256 epoch => uint256) internal _supplyAt;
    mapping(address owner => mapping(address spender => uint256)) public allowance;

    constructor(address self_, uint256 origin_, uint256 epochSeconds_, uint256 validity_) {
        (self, origin, epochSeconds, validity) = (self_, origin_, epochSeconds_, validity_);
    }

    function currentEpoch() public view returns (uint256) {
        return (block.timestamp - origin) / epochSeconds;
    }

    /// @dev The oldest epoch whose points are still valid.
    function _oldest() internal view returns (uint256) {
        uint256 c = currentEpoch();
        return c + 1 >= validity ? c + 1 - validity : 0;
    }

    function balanceOf(address account) public view returns (uint256 total) {
        for (uint256 e = _oldest(); e <= currentEpoch(); ++e) total += _held[account][e];
    }

    function totalSupply() public view returns (uint256 total) {
        for (uint256 e = _oldest(); e <= currentEpoch(); ++e) total += _supplyAt[e];
    }

    function balanceOfAtEpoch(uint256 epoch, address account) external view returns (uint256) {
        if (epoch > currentEpoch() || epoch < _oldest()) return 0;
        return _held[account][epoch];
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value, type(uint256).max);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        _spendAllowance(from, value);
        _move(from, to, value, type(uint256).max);
        return true;
    }

    function transferAtEpoch(uint256 epoch, address to, uint256 value) external returns (bool) {
        if (epoch > currentEpoch() || epoch < _oldest()) revert ERC7818TransferredExpiredToken(msg.sender, epoch);
        _move(msg.sender, to, value, epoch);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function mint(address to, uint256 value, uint256 limit) external {
        if (to == address(0) || to == self) revert ERC20InvalidReceiver(to);
        _checkMint(value, limit);
        _supplyAt[currentEpoch()] += value;
        _held[to][currentEpoch()] += value;
        emit Transfer(address(0), to, value);
    }

    function mintBatch(address[] calldata recipients, uint256[] calldata values, uint256 limit) external returns (uint256 total) {
        for (uint256 i; i < recipients.length; ++i) {
            if (recipients[i] == address(0) || recipients[i] == self) revert BatchInvalidRecipient(i, recipients[i]);
            if (values[i] == 0) revert BatchZeroAmount(i);
            if (values[i] > MAX) revert SupplyCapExceeded(limit, totalSupply(), refundReserve, values[i]);
            total += values[i];
            if (total > MAX) revert SupplyCapExceeded(limit, totalSupply(), refundReserve, total);
            _held[recipients[i]][currentEpoch()] += values[i];
            emit Transfer(address(0), recipients[i], values[i]);
        }
        _checkMint(total, limit);
        _supplyAt[currentEpoch()] += total;
    }

    function burn(address from, uint256 value) external {
        if (paused) revert EnforcedPause();
        uint256 held = balanceOf(from);
        if (held < value) revert ERC20InsufficientBalance(from, held, value);
        uint256 remaining = value;
        for (uint256 e = _oldest(); remaining != 0; ++e) {
            uint256 take = _held[from][e] < remaining ? _held[from][e] : remaining;
            _held[from][e] -= take;
            _supplyAt[e] -= take;
            remaining -= take;
        }
        refundReserve += value;
        emit Transfer(from, address(0), value);
    }

    function refund(address to, uint256 value) external {
        if (value > refundReserve) revert ReserveTooSmall(refundReserve, value);
        if (to == address(0) || to == self) revert ERC20InvalidReceiver(to);
        if (paused) revert EnforcedPause();
        refundReserve -= value;
        _supplyAt[currentEpoch()] += value;
        _held[to][currentEpoch()] += value;
        emit Transfer(address(0), to, value);
    }

    function finalize(uint256 value) external {
        if (value > refundReserve) revert ReserveTooSmall(refundReserve, value);
        refundReserve -= value;
    }

    function setPaused(bool value) external {
        paused = value;
    }

    function _checkMint(uint256 value, uint256 limit) internal view {
        if (paused) revert EnforcedPause();
        uint256 total = totalSupply();
        if (total + refundReserve > limit || value > limit - total - refundReserve) {
            revert SupplyCapExceeded(limit, total, refundReserve, value);
        }
    }

    function _spendAllowance(address owner, uint256 value) internal {
        uint256 current = allowance[owner][msg.sender];
        if (current == type(uint256).max) return;
        if (current < value) revert ERC20InsufficientAllowance(msg.sender, current, value);
        allowance[owner][msg.sender] = current - value;
    }

    /// @dev From the oldest unexpired epoch up, or from `onlyEpoch`; each point keeps its epoch.
    function _move(address from, address to, uint256 value, uint256 onlyEpoch) internal {
        if (paused) revert EnforcedPause();
        if (to == address(0) || to == self) revert ERC20InvalidReceiver(to);
        uint256 held = onlyEpoch == type(uint256).max ? balanceOf(from) : _held[from][onlyEpoch];
        if (held < value) revert ERC20InsufficientBalance(from, held, value);
        uint256 remaining = value;
        for (uint256 e = onlyEpoch == type(uint256).max ? _oldest() : onlyEpoch; remaining != 0; ++e) {
            uint256 take = _held[from][e] < remaining ? _held[from][e] : remaining;
            _held[from][e] -= take;
            _held[to][e] += take;
            remaining -= take;
        }
        emit Transfer(from, to, value);
    }
}
