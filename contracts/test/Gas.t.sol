// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EarningRules} from "../EarningRules.sol";
import {ExpiringPointsToken} from "../ExpiringPointsToken.sol";
import {StatusPoints} from "../StatusPoints.sol";
import {IPointsMall} from "../interfaces/IPointsMall.sol";
import {IStatusPoints} from "../interfaces/IStatusPoints.sol";
import {PointsDeployer} from "../PointsDeployer.sol";
import {PointsForwarder} from "../PointsForwarder.sol";
import {PointsMall} from "../PointsMall.sol";
import {PointsToken} from "../PointsToken.sol";
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

    function test_redeemCartOfThreeLines() public {
        uint32 category = 1;
        IPointsMall.CartLine[] memory lines = new IPointsMall.CartLine[](3);
        for (uint256 i; i < 3; ++i) {
            uint32 id = i == 0 ? skuId : newSku(category, 100, 1_000, 0);
            lines[i] = IPointsMall.CartLine({skuId: id, qty: 1, maxPricePerUnit: 100});
        }
        vm.prank(alice);
        mall.redeemCart(lines);
        vm.snapshotGasLastCall("PointsMall", "redeemCart of three lines");
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

    /// @dev Sizes in bytes, recorded beside the gas: runtime code against EIP-170's 24,576 and
    /// creation code (without constructor arguments) against EIP-3860's 49,152, so that growth shows
    /// in review before it stops a deployment.
    function test_contractSizes() public {
        uint256 runtimeLimit = 24_576;
        uint256 initLimit = 49_152;
        address rules = address(
            new EarningRules(
                EarningRules.Config({
                    token: token,
                    status: IStatusPoints(address(0)),
                    forwarder: address(forwarder),
                    admin: admin,
                    adminDelay: 1 days,
                    ruleDelay: 1 days,
                    managers: new address[](0),
                    reporters: new address[](0),
                    returnsReporters: new address[](0)
                })
            )
        );
        uint256[4] memory runtime =
            [address(token).code.length, address(mall).code.length, address(forwarder).code.length, rules.code.length];
        string[5] memory names = ["PointsToken", "PointsMall", "PointsForwarder", "EarningRules", "PointsDeployer"];
        for (uint256 i; i < 4; ++i) {
            vm.snapshotValue("ContractSizes", string.concat(names[i], " runtime"), runtime[i]);
            vm.assertLe(runtime[i], runtimeLimit, string.concat(names[i], " runtime over EIP-170"));
        }
        uint256[7] memory init = [
            type(PointsToken).creationCode.length,
            type(PointsMall).creationCode.length,
            type(PointsForwarder).creationCode.length,
            type(EarningRules).creationCode.length,
            type(PointsDeployer).creationCode.length,
            type(ExpiringPointsToken).creationCode.length,
            type(StatusPoints).creationCode.length
        ];
        string[7] memory initNames =
            ["PointsToken", "PointsMall", "PointsForwarder", "EarningRules", "PointsDeployer", "ExpiringPointsToken", "StatusPoints"];
        for (uint256 i; i < 7; ++i) {
            vm.snapshotValue("ContractSizes", string.concat(initNames[i], " init code"), init[i]);
            vm.assertLe(init[i], initLimit, string.concat(initNames[i], " init code over EIP-3860"));
        }
    }
}
