// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "./helpers/Vm.t.sol";
import {TestBase} from "./helpers/TestBase.t.sol";
import {ExpiringLedgerHarness, ExpiringLedgerPlain} from "./helpers/ExpiringTwins.t.sol";

/// @dev The shift registers of ExpiringPointsERC20 against a plain model with an amount per epoch:
/// random sequences of transfers (soonest-expiring first), transfers at an epoch, approvals, mints,
/// batch mints, burns into the refund reserve, refunds, finalizations, pauses and waits across
/// epochs give the same success or revert data, the same logs, and the same balances (per epoch
/// too), supply and reserve after every step.
contract ExpiringEquivalenceTest is TestBase {
    uint256 internal constant EPOCH = 7 days;
    uint256 internal constant MAX = (1 << 54) - 1;
    ExpiringLedgerHarness internal lean;
    ExpiringLedgerPlain internal plain;
    address[4] internal actors = [address(0xA11CE), address(0xB0B), address(0xCA201), address(0xD00D)];

    function setUp() public {
        lean = new ExpiringLedgerHarness(EPOCH, 3);
        plain = new ExpiringLedgerPlain(address(lean), lean.epochOrigin(), EPOCH, 3);
    }

    /// hardhat-config: fuzz.runs = 512
    function testFuzz_registersBehaveAsAnAmountPerEpoch(uint256 seed) public {
        for (uint256 step; step < 32; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            if (r % 11 == 0) {
                vm.warp(block.timestamp + (r >> 8) % (2 * EPOCH));
            } else {
                (address sender, bytes memory call) = _randomCall(r);
                _sameOutcome(sender, call);
            }
            _sameState();
        }
    }

    function _randomCall(uint256 r) internal view returns (address sender, bytes memory call) {
        sender = actors[r % 4];
        uint256 pick = (r >> 8) % 18;
        address other = pick == 0 ? address(0) : pick == 1 ? address(lean) : actors[(r >> 16) % 4];
        uint256 balance = plain.balanceOf(sender);
        uint256 kind = (r >> 24) % 6;
        uint256 amount = kind == 0 ? 0 : kind == 1 ? balance : kind == 2 ? balance + 1 : kind == 3 ? MAX : (r >> 32) % 1e9;
        uint256 op = (r >> 100) % 11;
        uint256 limit = (r >> 64) % 4 == 0 ? (r >> 72) % 1e10 : MAX;
        if (op <= 1) {
            call = abi.encodeWithSignature("transfer(address,uint256)", other, amount);
        } else if (op == 2) {
            uint256 epoch = plain.currentEpoch() - ((r >> 40) % 4 > plain.currentEpoch() ? 0 : (r >> 40) % 4);
            call = abi.encodeWithSignature("transferAtEpoch(uint256,address,uint256)", epoch, other, amount % (1 + plain.balanceOfAtEpoch(epoch, sender) + 1));
        } else if (op == 3) {
            call = abi.encodeWithSignature("transferFrom(address,address,uint256)", actors[(r >> 40) % 4], other, amount);
        } else if (op == 4) {
            call = abi.encodeWithSignature("approve(address,uint256)", other == address(0) ? actors[0] : other, (r >> 48) % 3 == 0 ? type(uint256).max : (r >> 56) % 1e9);
        } else if (op == 5) {
            call = abi.encodeWithSignature("mint(address,uint256,uint256)", other, amount, limit);
        } else if (op == 6) {
            uint256 n = (r >> 80) % 5;
            address[] memory to = new address[](n);
            uint256[] memory values = new uint256[](n);
            for (uint256 i; i < n; ++i) {
                uint256 ri = uint256(keccak256(abi.encode(r, i)));
                to[i] = ri % 13 == 0 ? address(0) : ri % 19 == 0 ? address(lean) : actors[ri % 4];
                values[i] = ri % 11 == 0 ? 0 : (ri >> 8) % 1e9;
            }
            call = abi.encodeWithSignature("mintBatch(address[],uint256[],uint256)", to, values, limit);
        } else if (op == 7) {
            call = abi.encodeWithSignature("burn(address,uint256)", other, amount);
        } else if (op == 8) {
            uint256 reserve = plain.refundReserve();
            call = abi.encodeWithSignature("refund(address,uint256)", other, (r >> 120) % 3 == 0 ? reserve + 1 : reserve == 0 ? 1 : 1 + (r >> 128) % reserve);
        } else if (op == 9) {
            uint256 reserve = plain.refundReserve();
            call = abi.encodeWithSignature("finalize(uint256)", reserve == 0 ? 0 : 1 + (r >> 128) % reserve);
        } else {
            call = abi.encodeWithSignature("setPaused(bool)", (r >> 110) % 3 == 0);
        }
    }

    function _sameOutcome(address sender, bytes memory call) internal {
        vm.recordLogs();
        vm.prank(sender);
        (bool okLean, bytes memory outLean) = address(lean).call(call);
        Vm.Log[] memory logsLean = vm.getRecordedLogs();
        vm.prank(sender);
        (bool okPlain, bytes memory outPlain) = address(plain).call(call);
        Vm.Log[] memory logsPlain = vm.getRecordedLogs();
        vm.assertEq(okLean, okPlain, "success");
        vm.assertEq(keccak256(outLean), keccak256(outPlain), "return or revert data");
        vm.assertEq(logsLean.length, logsPlain.length, "number of logs");
        for (uint256 i; i < logsLean.length; ++i) {
            vm.assertEq(keccak256(abi.encode(logsLean[i].topics, logsLean[i].data)), keccak256(abi.encode(logsPlain[i].topics, logsPlain[i].data)), "log");
        }
    }

    function _sameState() internal view {
        vm.assertEq(lean.totalSupply(), plain.totalSupply(), "supply");
        vm.assertEq(lean.refundReserve(), plain.refundReserve(), "reserve");
        vm.assertEq(lean.paused(), plain.paused(), "paused");
        vm.assertEq(lean.currentEpoch(), plain.currentEpoch(), "epoch");
        uint256 current = lean.currentEpoch();
        for (uint256 i; i < 4; ++i) {
            vm.assertEq(lean.balanceOf(actors[i]), plain.balanceOf(actors[i]), "balance");
            for (uint256 back; back < 4 && back <= current; ++back) {
                vm.assertEq(lean.balanceOfAtEpoch(current - back, actors[i]), plain.balanceOfAtEpoch(current - back, actors[i]), "balance at epoch");
            }
        }
    }
}
