// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "./Vm.t.sol";

/// @dev Cheatcodes, a fuzz-input bound, and the hooks EDR's invariant runner reads.
abstract contract TestBase {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    address[] private _targetContracts;

    /// @dev Maps `x` onto [min, max] without rejecting inputs, so fuzz runs are not wasted.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        return min + (x % (size + 1));
    }

    function targetContract(address target) internal {
        _targetContracts.push(target);
    }

    /// @dev Read by the invariant runner: the contracts whose functions it calls at random.
    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }
}
