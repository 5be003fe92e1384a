// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPointsLedger} from "../interfaces/IPointsLedger.sol";
import {IPointsToken} from "../interfaces/IPointsToken.sol";
import {Fixture} from "./helpers/Fixture.t.sol";

/// @dev Fuzz tests of issuance, quotas, the supply cap and refunds.
contract PointsTokenFuzzTest is Fixture {
    function setUp() public {
        deploySystem(0);
    }

    function testFuzz_issueTakesExactlyTheAmountFromTheQuota(address to, uint256 amount) public {
        vm.assume(to != address(0));
        amount = bound(amount, 1, ISSUER_QUOTA);
        vm.prank(issuer);
        token.issue(to, amount, bytes32("receipt"));
        vm.assertEq(token.balanceOf(to), amount, "balance");
        vm.assertEq(token.totalSupply(), amount, "supply");
        vm.assertEq(token.issuerQuota(issuer), ISSUER_QUOTA - amount, "quota");
    }

    function testFuzz_issueAboveTheQuotaRevertsWithTheRemainingQuota(uint256 first, uint256 second) public {
        first = bound(first, 1, ISSUER_QUOTA);
        second = bound(second, ISSUER_QUOTA - first + 1, type(uint128).max);
        vm.prank(issuer);
        token.issue(alice, first, bytes32("a"));
        vm.expectRevert(
            abi.encodeWithSelector(IPointsToken.IssuerQuotaExceeded.selector, issuer, ISSUER_QUOTA - first, second)
        );
        vm.prank(issuer);
        token.issue(alice, second, bytes32("b"));
    }

    function testFuzz_batchCreditsEachRecipientAndSpendsTheTotal(uint8 count, uint256 seed) public {
        uint256 n = bound(count, 1, 40);
        address[] memory to = new address[](n);
        uint256[] memory amounts = new uint256[](n);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            to[i] = address(uint160(0x1000 + i));
            amounts[i] = bound(uint256(keccak256(abi.encode(seed, i))), 1, 1e9);
            total += amounts[i];
        }
        vm.prank(issuer);
        token.issueBatch(to, amounts, bytes32("batch-1"));
        for (uint256 i; i < n; ++i) {
            vm.assertEq(token.balanceOf(to[i]), amounts[i], "recipient balance");
        }
        vm.assertEq(token.totalSupply(), total, "supply");
        vm.assertEq(token.issuerQuota(issuer), ISSUER_QUOTA - total, "quota");

        vm.expectRevert(abi.encodeWithSelector(IPointsToken.BatchAlreadyIssued.selector, issuer, bytes32("batch-1")));
        vm.prank(issuer);
        token.issueBatch(to, amounts, bytes32("batch-1"));
    }

    function testFuzz_capBoundsIssuance(uint256 cap, uint256 amount) public {
        cap = bound(cap, 1, ISSUER_QUOTA);
        amount = bound(amount, 1, ISSUER_QUOTA);
        deploySystem(cap);
        if (amount > cap) {
            vm.expectRevert(abi.encodeWithSelector(IPointsLedger.SupplyCapExceeded.selector, cap, 0, 0, amount));
        }
        vm.prank(issuer);
        token.issue(alice, amount, bytes32("r"));
        vm.assertLe(token.totalSupply(), cap, "supply within cap");
    }

    function testFuzz_aBurnerRefundsNoMoreThanItBurned(uint256 balance, uint256 burned, uint256 refunded) public {
        balance = bound(balance, 1, ISSUER_QUOTA);
        burned = bound(burned, 1, balance);
        refunded = bound(refunded, 1, type(uint128).max);
        give(alice, balance);
        vm.prank(address(mall));
        token.burn(alice, burned, bytes32("order"));
        if (refunded > burned) {
            vm.expectRevert(
                abi.encodeWithSelector(IPointsToken.RefundExceedsBurned.selector, address(mall), burned, refunded)
            );
        }
        vm.prank(address(mall));
        token.refund(alice, refunded, bytes32("order"));
        if (refunded <= burned) {
            vm.assertEq(token.balanceOf(alice), balance - burned + refunded, "balance");
            vm.assertEq(token.refundable(address(mall)), burned - refunded, "refundable");
        }
    }
}
