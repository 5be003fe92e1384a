// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PointsERC20} from "../../token/PointsERC20.sol";

/// @dev PointsERC20's internals, callable. Not deployed outside tests.
contract LedgerHarness is PointsERC20 {
    constructor() PointsERC20("Ledger", "LDG", address(0)) {}

    function mint(address to, uint256 value, uint256 limit) external {
        _mint(to, value, limit);
    }

    function mintBatch(address[] calldata recipients, uint256[] calldata values, uint256 limit)
        external
        returns (uint256)
    {
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

/// @dev The same ledger in plain Solidity, the reference the assembly in PointsERC20 is fuzzed
/// against: same checks in the same order, same errors, same events.
contract PointsERC20Plain {
    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    error EnforcedPause();
    error ERC20InvalidReceiver(address receiver);
    error ERC20InvalidSender(address sender);
    error ERC20InvalidSpender(address spender);
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    error SupplyCapExceeded(uint256 cap, uint256 supply, uint256 reserved, uint256 wanted);
    error BatchInvalidRecipient(uint256 index, address recipient);
    error BatchZeroAmount(uint256 index);
    error ReserveTooSmall(uint256 reserve, uint256 wanted);

    /// @dev The address the lean twin refuses as "the token itself", so both give the same data.
    address public immutable self;

    constructor(address self_) {
        self = self_;
    }

    uint256 public totalSupply;
    uint256 public refundReserve;
    bool public paused;
    mapping(address account => uint256) public balanceOf;
    mapping(address owner => mapping(address spender => uint256)) public allowance;

    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        uint256 current = allowance[from][msg.sender];
        if (current != type(uint256).max) {
            if (current < value) revert ERC20InsufficientAllowance(msg.sender, current, value);
            allowance[from][msg.sender] = current - value;
        }
        _transfer(from, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        if (spender == address(0)) revert ERC20InvalidSpender(address(0));
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function mint(address to, uint256 value, uint256 limit) external {
        if (to == address(0) || to == self) revert ERC20InvalidReceiver(to);
        if (paused) revert EnforcedPause();
        uint256 used = totalSupply + refundReserve;
        if (used > limit || value > limit - used) revert SupplyCapExceeded(limit, totalSupply, refundReserve, value);
        totalSupply += value;
        balanceOf[to] += value;
        emit Transfer(address(0), to, value);
    }

    function mintBatch(address[] calldata recipients, uint256[] calldata values, uint256 limit)
        external
        returns (uint256 total)
    {
        if (paused) revert EnforcedPause();
        for (uint256 i; i < recipients.length; ++i) {
            if (recipients[i] == address(0) || recipients[i] == self) revert BatchInvalidRecipient(i, recipients[i]);
            if (values[i] == 0) revert BatchZeroAmount(i);
            if (total > type(uint256).max - values[i]) {
                revert SupplyCapExceeded(limit, totalSupply, refundReserve, type(uint256).max);
            }
            total += values[i];
            unchecked {
                balanceOf[recipients[i]] += values[i]; // the whole call reverts if the total is over the limit
            }
            emit Transfer(address(0), recipients[i], values[i]);
        }
        uint256 used = totalSupply + refundReserve;
        if (total > type(uint256).max - used || used + total > limit) {
            revert SupplyCapExceeded(limit, totalSupply, refundReserve, total);
        }
        totalSupply += total;
    }

    function burn(address from, uint256 value) external {
        if (paused) revert EnforcedPause();
        uint256 balance = balanceOf[from];
        if (balance < value) revert ERC20InsufficientBalance(from, balance, value);
        balanceOf[from] = balance - value;
        totalSupply -= value;
        refundReserve += value;
        emit Transfer(from, address(0), value);
    }

    function refund(address to, uint256 value) external {
        if (value > refundReserve) revert ReserveTooSmall(refundReserve, value);
        if (to == address(0) || to == self) revert ERC20InvalidReceiver(to);
        if (paused) revert EnforcedPause();
        refundReserve -= value;
        totalSupply += value;
        balanceOf[to] += value;
        emit Transfer(address(0), to, value);
    }

    function finalize(uint256 value) external {
        if (value > refundReserve) revert ReserveTooSmall(refundReserve, value);
        refundReserve -= value;
    }

    function setPaused(bool value) external {
        paused = value;
    }

    function _transfer(address from, address to, uint256 value) private {
        if (paused) revert EnforcedPause();
        if (to == address(0) || to == self) revert ERC20InvalidReceiver(to);
        uint256 balance = balanceOf[from];
        if (balance < value) revert ERC20InsufficientBalance(from, balance, value);
        balanceOf[from] = balance - value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
