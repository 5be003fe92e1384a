// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "./helpers/Fixture.t.sol";

/// @dev Gas of each operation, recorded with snapshot cheatcodes into snapshots/ and checked by
/// `hardhat test --snapshot-check` (npm test), so that a regression shows in review. The figures
/// are execution gas of the call (no 21000, no calldata); bench/gas.ts gives whole transactions.
contract GasSnapshotTest is Fixture {
    uint32 internal skuId;

    function setUp() public {
        deploySystem(0);
        skuId = newSku(newCategory(), 100, 1_000, 0);
        give(alice, 10_000);
        give(bob, 10_000);
        vm.prank(alice);
        mall.redeem(skuId, 1, 100); // the mall has burned once: the steady state
    }

    function test_transferToAHolder() public {
        vm.prank(alice);
        token.transfer(bob, 10);
        vm.snapshotGasLastCall("PointsToken", "transfer to a holder");
    }

    function test_transferToAFreshAddress() public {
        vm.prank(alice);
        token.transfer(address(0xF7E5), 10);
        vm.snapshotGasLastCall("PointsToken", "transfer to a fresh address");
    }

    function test_issueToAFreshAddress() public {
        vm.prank(issuer);
        token.issue(address(0xF7E5), 10, bytes32("receipt"));
        vm.snapshotGasLastCall("PointsToken", "issue to a fresh address");
    }

    function test_issueBatchTo100FreshAddresses() public {
        address[] memory to = new address[](100);
        uint256[] memory amounts = new uint256[](100);
        for (uint256 i; i < 100; ++i) {
            to[i] = address(uint160(uint256(keccak256(abi.encode(i)))));
            amounts[i] = 10;
        }
        vm.prank(issuer);
        token.issueBatch(to, amounts, bytes32("batch"));
        vm.snapshotGasLastCall("PointsToken", "issueBatch to 100 fresh addresses");
    }

    function test_redeem() public {
        vm.prank(alice);
        mall.redeem(skuId, 1, 100);
        vm.snapshotGasLastCall("PointsMall", "redeem");
    }

    function test_fulfil() public {
        vm.prank(fulfiller);
        mall.fulfil(1, bytes32("DHL-1234"));
        vm.snapshotGasLastCall("PointsMall", "fulfil");
    }

    function test_cancelWithRefund() public {
        vm.prank(fulfiller);
        mall.cancel(1, bytes32("out of stock"));
        vm.snapshotGasLastCall("PointsMall", "cancel with refund");
    }
}
