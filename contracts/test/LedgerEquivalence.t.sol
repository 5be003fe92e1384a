// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "./helpers/Vm.t.sol";
import {TestBase} from "./helpers/TestBase.t.sol";
import {LedgerHarness, PointsERC20Plain} from "./helpers/LedgerTwins.t.sol";

/// @dev The assembly of PointsERC20 against its plain twin: random sequences of transfers,
/// approvals, mints, batch mints, burns into the refund reserve, refunds and finalizations out of
/// it, and pauses give the same success or revert data, the same logs, and the same balances,
/// supply and reserve after every step.
contract LedgerEquivalenceTest is TestBase {
    LedgerHarness internal lean;
    PointsERC20Plain internal plain;
    address[4] internal actors = [address(0xA11CE), address(0xB0B), address(0xCA201), address(0xD00D)];
    uint256 internal constant MAX_SUPPLY = type(uint120).max;

    function setUp() public {
        lean = new LedgerHarness();
        plain = new PointsERC20Plain(address(lean));
    }

    /// hardhat-config: fuzz.runs = 512
    function testFuzz_assemblyLedgerBehavesAsThePlainOne(uint256 seed) public {
        for (uint256 step; step < 24; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            (address sender, bytes memory call) = _randomCall(r);
            _sameOutcome(sender, call);
            _sameState();
        }
    }

    function test_aDirtyAddressInABatchRevertsWithNoData() public {
        address[] memory to = new address[](1);
        to[0] = address(0xB0B);
        uint256[] memory values = new uint256[](1);
        values[0] = 1;
        bytes memory data = abi.encodeCall(LedgerHarness.mintBatch, (to, values, MAX_SUPPLY));
        // Calldata: selector, 3 head words (two offsets and the limit), then recipients' length
        // and its first word at 4 + 0x80. Set the 96 bits above the address.
        assembly {
            let word := add(add(data, 0x20), add(4, 0x80))
            mstore(word, or(mload(word), shl(160, 1)))
        }
        (bool ok, bytes memory out) = address(lean).call(data);
        vm.assertEq(ok, false, "dirty address accepted");
        vm.assertEq(out.length, 0, "revert data");
        vm.assertEq(lean.balanceOf(address(0xB0B)), 0, "no credit");
    }

    function _randomCall(uint256 r) internal view returns (address sender, bytes memory call) {
        sender = actors[r % 4];
        uint256 pick = (r >> 8) % 18;
        // Now and then the zero address or the token itself, which may receive nothing.
        address other = pick == 0 ? address(0) : pick == 1 ? address(lean) : actors[(r >> 16) % 4];
        uint256 balance = plain.balanceOf(sender);
        // Amounts near the edges: 0, the balance, just above it, and huge values.
        uint256 amountKind = (r >> 24) % 6;
        uint256 amount = amountKind == 0
            ? 0
            : amountKind == 1 ? balance : amountKind == 2 ? balance + 1 : amountKind == 3 ? type(uint256).max : (r >> 32) % 1e9;
        uint256 op = (r >> 100) % 10;
        if (op == 0 || op == 1) {
            call = abi.encodeWithSignature("transfer(address,uint256)", other, amount);
        } else if (op == 2) {
            call = abi.encodeWithSignature("transferFrom(address,address,uint256)", actors[(r >> 40) % 4], other, amount);
        } else if (op == 3) {
            uint256 allowance = (r >> 48) % 3 == 0 ? type(uint256).max : (r >> 56) % 1e9;
            call = abi.encodeWithSignature("approve(address,uint256)", other, allowance);
        } else if (op == 4) {
            uint256 limit = (r >> 64) % 4 == 0 ? (r >> 72) % 1e10 : MAX_SUPPLY;
            call = abi.encodeWithSignature("mint(address,uint256,uint256)", other, amount, limit);
        } else if (op == 5) {
            uint256 n = (r >> 80) % 5;
            address[] memory to = new address[](n);
            uint256[] memory values = new uint256[](n);
            for (uint256 i; i < n; ++i) {
                uint256 ri = uint256(keccak256(abi.encode(r, i)));
                to[i] = ri % 13 == 0 ? address(0) : ri % 19 == 0 ? address(lean) : actors[ri % 4];
                values[i] = ri % 11 == 0 ? 0 : ri % 17 == 0 ? type(uint256).max - 5 : (ri >> 8) % 1e9;
            }
            uint256 limit = (r >> 88) % 4 == 0 ? (r >> 96) % 1e10 : MAX_SUPPLY;
            call = abi.encodeWithSignature("mintBatch(address[],uint256[],uint256)", to, values, limit);
        } else if (op == 6) {
            call = abi.encodeWithSignature("burn(address,uint256)", other, amount);
        } else if (op == 7) {
            uint256 reserve = plain.refundReserve();
            uint256 value = (r >> 120) % 3 == 0 ? reserve + 1 : reserve == 0 ? 1 : 1 + (r >> 128) % reserve;
            call = abi.encodeWithSignature("refund(address,uint256)", other, value);
        } else if (op == 8) {
            uint256 reserve = plain.refundReserve();
            uint256 value = (r >> 120) % 3 == 0 ? reserve + 1 : reserve == 0 ? 0 : 1 + (r >> 128) % reserve;
            call = abi.encodeWithSignature("finalize(uint256)", value);
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
            vm.assertEq(keccak256(abi.encode(logsLean[i].topics)), keccak256(abi.encode(logsPlain[i].topics)), "topics");
            vm.assertEq(keccak256(logsLean[i].data), keccak256(logsPlain[i].data), "log data");
        }
    }

    function _sameState() internal view {
        vm.assertEq(lean.totalSupply(), plain.totalSupply(), "supply");
        vm.assertEq(lean.refundReserve(), plain.refundReserve(), "reserve");
        vm.assertEq(lean.paused(), plain.paused(), "paused");
        for (uint256 i; i < 4; ++i) {
            vm.assertEq(lean.balanceOf(actors[i]), plain.balanceOf(actors[i]), "balance");
            for (uint256 j; j < 4; ++j) {
                vm.assertEq(lean.allowance(actors[i], actors[j]), plain.allowance(actors[i], actors[j]), "allowance");
            }
        }
    }
}
