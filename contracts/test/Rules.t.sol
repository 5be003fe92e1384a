// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EarningRules} from "../EarningRules.sol";
import {IEarningRules} from "../interfaces/IEarningRules.sol";
import {IStatusPoints} from "../interfaces/IStatusPoints.sol";
import {StatusPoints} from "../StatusPoints.sol";
import {Fixture} from "./helpers/Fixture.t.sol";

/// @dev Fuzz tests of pending points, returns, status points and tiers.
contract RulesFuzzTest is Fixture {
    EarningRules internal rules;
    StatusPoints internal status;
    address internal returns_ = address(0x4E7);
    uint256 internal constant BUCKET = 30 days;

    function setUp() public {
        deploySystem(0);
        uint256[] memory thresholds = new uint256[](2);
        (thresholds[0], thresholds[1]) = (1_000, 5_000);
        string[] memory names = new string[](3);
        (names[0], names[1], names[2]) = ("Member", "Silver", "Gold");
        status = new StatusPoints(
            StatusPoints.Config({
                name: "Status",
                symbol: "ST",
                bucketSeconds: BUCKET,
                windowBuckets: 12,
                admin: admin,
                adminDelay: 0,
                issuers: new address[](0),
                forwarder: address(forwarder),
                thresholds: thresholds,
                tierNames: names
            })
        );
        address[] memory one = new address[](1);
        address[] memory reporters = new address[](1);
        address[] memory returnsReporters = new address[](1);
        (one[0], reporters[0], returnsReporters[0]) = (catalog, fulfiller, returns_);
        rules = new EarningRules(
            EarningRules.Config({
                token: token,
                status: status,
                forwarder: address(forwarder),
                admin: admin,
                adminDelay: 0,
                ruleDelay: 0,
                managers: one,
                reporters: reporters,
                returnsReporters: returnsReporters
            })
        );
        vm.startPrank(admin);
        token.grantRole(token.ISSUER_ROLE(), address(rules));
        token.setIssuerQuota(address(rules), 1e15);
        token.grantRole(token.BURNER_ROLE(), address(rules));
        status.grantRole(status.ISSUER_ROLE(), address(rules));
        vm.stopPrank();
    }

    function _rule(uint16 holdDays) internal pure returns (IEarningRules.Rule memory r) {
        r.pointsPerUnit = 1;
        r.spendUnit = 1;
        r.multiplierBps = 10_000;
        r.holdDays = holdDays;
    }

    function _report(uint256 spend, bytes32 receipt) internal returns (uint256) {
        vm.prank(fulfiller);
        return rules.reportPurchase(alice, spend, receipt);
    }

    /// @dev Whatever sequence of partial returns, a receipt never loses more than it earned, and a
    /// full return takes back exactly what it earned.
    function testFuzz_returnsNeverReverseMoreThanWasEarned(uint96 spend, uint256 seed, bool pending) public {
        spend = uint96(bound(spend, 1, 1e12));
        vm.prank(catalog);
        rules.addRule(_rule(pending ? 10 : 0));
        uint256 earned = _report(spend, "R");
        uint256 returned;
        for (uint256 i; i < 6 && returned < spend; ++i) {
            uint256 r = bound(uint256(keccak256(abi.encode(seed, i))), 1, spend - returned);
            if (i == 5) r = spend - returned;
            vm.prank(returns_);
            rules.reportReturn("R", r);
            returned += r;
            IEarningRules.Purchase memory p = rules.purchase("R");
            vm.assertLe(p.reversed, earned, "reversed <= earned");
            vm.assertEq(uint256(p.reversed), earned * returned / spend, "reversed in proportion");
        }
        vm.assertEq(rules.purchase("R").reversed, earned, "a full return reverses all");
        vm.assertEq(token.balanceOf(alice) + rules.pendingOf(alice), 0, "nothing left of it");
        vm.assertEq(status.balanceOf(alice), 0, "no status left of it");
    }

    /// @dev Pending points are neither in the balance nor releasable a second before their date.
    function testFuzz_pendingPointsAreNeverSpendableBeforeTheirDate(uint16 holdDays, uint256 wait) public {
        holdDays = uint16(bound(holdDays, 1, 365));
        vm.prank(catalog);
        rules.addRule(_rule(holdDays));
        uint256 start = block.timestamp;
        _report(500, "P");
        uint256 releaseAt = start + uint256(holdDays) * 1 days;
        wait = bound(wait, 0, uint256(holdDays) * 1 days - 1);
        vm.warp(start + wait);
        vm.assertEq(token.balanceOf(alice), 0, "not spendable");
        bytes32[] memory receipts = new bytes32[](1);
        receipts[0] = "P";
        vm.expectRevert(abi.encodeWithSelector(IEarningRules.NotYetReleasable.selector, bytes32("P"), releaseAt));
        rules.release(receipts);
        vm.warp(releaseAt);
        rules.release(receipts);
        vm.assertEq(token.balanceOf(alice), 500, "spendable from its date");
    }

    /// @dev The tier is exactly the number of thresholds the status points reach.
    function testFuzz_tierChangesExactlyAtTheThresholds(uint256 amount) public {
        amount = bound(amount, 1, 10_000);
        vm.prank(catalog);
        rules.addRule(_rule(0));
        _report(amount, "T");
        uint256 expected = amount >= 5_000 ? 2 : amount >= 1_000 ? 1 : 0;
        vm.assertEq(status.tierOf(alice), expected, "tier");
    }

    /// @dev Status points stay with who earned them: no call moves them, and the total is the sum.
    function testFuzz_statusPointsNeverMoveBetweenAccounts(uint256 a, uint256 b, address to) public {
        a = bound(a, 1, 1e9);
        b = bound(b, 1, 1e9);
        vm.prank(catalog);
        rules.addRule(_rule(0));
        _report(a, "A");
        vm.prank(fulfiller);
        rules.reportPurchase(bob, b, "B");
        vm.prank(alice);
        vm.expectRevert(IStatusPoints.StatusPointsNotTransferable.selector);
        status.transfer(to, 1);
        vm.prank(to);
        vm.expectRevert(IStatusPoints.StatusPointsNotTransferable.selector);
        status.transferFrom(alice, to, 1);
        vm.assertEq(status.balanceOf(alice), a, "alice keeps hers");
        vm.assertEq(status.balanceOf(bob), b, "bob keeps his");
        vm.assertEq(status.totalSupply(), a + b, "total is the sum");
    }

    /// @dev The shift register against a plain model (an amount per bucket): any sequence of
    /// issues, reversals and waits gives the same balance, now and back in time.
    function testFuzz_rollingWindowMatchesAPlainModel(uint256 seed) public {
        bytes32 issuerRole = status.ISSUER_ROLE();
        vm.prank(admin);
        status.grantRole(issuerRole, address(this));
        uint256[] memory model = new uint256[](200);
        uint256 start = block.timestamp / BUCKET;
        for (uint256 step; step < 30; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            uint256 current = block.timestamp / BUCKET;
            if (r % 3 == 0) {
                uint256 amount = 1 + (r >> 8) % 1e6;
                status.issue(alice, amount, "x");
                model[current - start] += amount;
            } else if (r % 3 == 1) {
                uint256 back = (r >> 8) % 16;
                if (back > current - start) back = current - start;
                uint256 bucket = current - back;
                uint256 taken = status.reverse(alice, (r >> 16) % 1e6, bucket * BUCKET, "y");
                uint256 expected = bucket + 12 <= current ? 0 : model[bucket - start];
                uint256 want = (r >> 16) % 1e6;
                vm.assertEq(taken, want < expected ? want : expected, "taken");
                model[bucket - start] -= taken;
            } else {
                vm.warp(block.timestamp + ((r >> 8) % 4) * BUCKET + (r >> 16) % BUCKET);
            }
            current = block.timestamp / BUCKET;
            uint256 sum;
            for (uint256 i; i < 12 && i <= current - start; ++i) {
                sum += model[current - start - i];
            }
            vm.assertEq(status.balanceOf(alice), sum, "balance");
        }
    }
}
