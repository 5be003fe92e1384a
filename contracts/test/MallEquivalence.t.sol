// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPointsMall} from "../interfaces/IPointsMall.sol";
import {PointsIssuance} from "../token/PointsIssuance.sol";
import {PointsToken} from "../PointsToken.sol";
import {Fixture} from "./helpers/Fixture.t.sol";
import {PointsMallPlain} from "./helpers/PointsMallPlain.t.sol";
import {Vm} from "./helpers/Vm.t.sol";

/// @dev The assembly of PointsMall's purchase path against its plain twin: random sequences of
/// SKUs created, restocked and withdrawn, redemptions, carts, fulfilments and cancels (by the
/// fulfiller or an outsider, of any order id) give the same success or revert data, the same
/// mall logs, and afterwards the same SKUs, orders, order lines, wallet counts, balances, supply
/// and refund reserve.
contract MallEquivalenceTest is Fixture {
    PointsToken internal plainToken;
    PointsMallPlain internal plain;
    address[2] internal buyers = [address(0xA1), address(0xB0B)];
    address internal outsider = address(0x0BAD);
    uint32 internal skus;
    uint64 internal orders;

    function setUp() public {
        deploySystem(0);
        newCategory();
        PointsIssuance.IssuerGrant[] memory issuers = new PointsIssuance.IssuerGrant[](1);
        issuers[0] = PointsIssuance.IssuerGrant({account: issuer, quota: ISSUER_QUOTA});
        plainToken = new PointsToken(
            PointsIssuance.Config({
                name: "Mall Points",
                symbol: "MPT",
                supplyCap: 0,
                admin: address(this),
                adminDelay: 0,
                issuers: issuers,
                burners: new address[](0),
                pausers: new address[](0),
                trustedForwarder: address(0),
                epochSeconds: 0,
                validityEpochs: 0
            })
        );
        plain = new PointsMallPlain(plainToken, fulfiller);
        plainToken.grantRole(plainToken.BURNER_ROLE(), address(plain));
        for (uint256 i; i < 2; ++i) {
            give(buyers[i], 1e9);
            vm.prank(issuer);
            plainToken.issue(buyers[i], 1e9, keccak256(abi.encode("gift", buyers[i], uint256(1e9))));
        }
    }

    /// hardhat-config: fuzz.runs = 384
    function testFuzz_assemblyPurchasePathBehavesAsThePlainOne(uint256 seed) public {
        for (uint256 step; step < 28; ++step) {
            _step(uint256(keccak256(abi.encode(seed, step))));
            _sameState();
        }
    }

    function _step(uint256 r) internal {
        uint256 op = r % 10;
        if (op == 0 || skus == 0) {
            bytes memory call = abi.encodeCall(IPointsMall.createSku, (_randomSku(r)));
            _both(catalog, address(0), call, false);
            ++skus;
        } else if (op == 1) {
            uint40 added = uint40((r >> 8) % 4 == 0 ? type(uint40).max - (r >> 16) % 50 : (r >> 16) % 30);
            _both(catalog, address(0), abi.encodeCall(IPointsMall.restock, (_skuId(r >> 24), added)), true);
        } else if (op == 2) {
            _both(catalog, address(0), abi.encodeCall(IPointsMall.setSkuActive, (_skuId(r >> 8), (r >> 16) % 4 != 0)), false);
        } else if (op == 3 || op == 4) {
            uint32 skuId = _skuId(r >> 8);
            uint16 qty = uint16((r >> 16) % 12 == 0 ? (r >> 20) % 65_536 : (r >> 20) % 6);
            uint40 bound_ = uint40((r >> 40) % 5 == 0 ? (r >> 48) % 100 : type(uint40).max);
            bool ok = _both(buyers[(r >> 60) % 2], buyers[(r >> 60) % 2], abi.encodeCall(IPointsMall.redeem, (skuId, qty, bound_)), true);
            if (ok) ++orders;
        } else if (op == 5) {
            uint256 n = (r >> 8) % 5; // 0 to 4 lines, now and then a SKU twice
            IPointsMall.CartLine[] memory lines = new IPointsMall.CartLine[](n);
            for (uint256 i; i < n; ++i) {
                uint256 ri = uint256(keccak256(abi.encode(r, i)));
                lines[i] = IPointsMall.CartLine({
                    skuId: _skuId(ri),
                    qty: uint16(ri >> 16) % 4,
                    maxPricePerUnit: uint40((ri >> 32) % 7 == 0 ? (ri >> 40) % 100 : type(uint40).max)
                });
            }
            address buyer = buyers[(r >> 60) % 2];
            if (_both(buyer, buyer, abi.encodeCall(IPointsMall.redeemCart, (lines)), true)) ++orders;
        } else if (op == 6 || op == 7) {
            uint64 orderId = uint64((r >> 8) % (orders + 2)); // 0 and one past the last: unknown
            address who = (r >> 16) % 6 == 0 ? outsider : fulfiller;
            bytes memory call = op == 6
                ? abi.encodeCall(IPointsMall.fulfil, (orderId, bytes32("DHL")))
                : abi.encodeCall(IPointsMall.cancel, (orderId, bytes32("no stock")));
            _both(who, who, call, true);
        } else {
            vm.warp(block.timestamp + (r >> 8) % 3 days);
        }
    }

    function _randomSku(uint256 r) internal view returns (IPointsMall.SkuInput memory input) {
        uint40 nowish = uint40(block.timestamp);
        input = IPointsMall.SkuInput({
            categoryId: 1,
            price: uint40(1 + (r >> 8) % 200),
            stock: uint40((r >> 16) % 5 == 0 ? type(uint40).max - (r >> 24) % 20 : (r >> 24) % 25),
            unlimited: (r >> 32) % 4 == 0,
            perWalletLimit: uint24((r >> 40) % 3 == 0 ? 1 + (r >> 44) % 3 : 0),
            saleStart: (r >> 48) % 6 == 0 ? nowish + 1 days : 0,
            saleEnd: (r >> 52) % 6 == 0 ? nowish + 2 days : 0,
            active: (r >> 56) % 8 != 0,
            metadataURI: ""
        });
    }

    /// @dev A SKU id among those created, and now and then 0 or one not created.
    function _skuId(uint256 r) internal view returns (uint32) {
        return uint32(r % (uint256(skus) + 2));
    }

    /// @dev Calls both malls, each as `leanSender` / `plainSender` (0: the test itself), and
    /// compares success, return or revert data and, if `compareLogs`, the malls' own logs.
    function _both(address leanSender, address plainSender, bytes memory call, bool compareLogs) internal returns (bool) {
        vm.recordLogs();
        vm.prank(leanSender);
        (bool okLean, bytes memory outLean) = address(mall).call(call);
        Vm.Log[] memory logsLean = vm.getRecordedLogs();
        if (plainSender != address(0)) vm.prank(plainSender);
        (bool okPlain, bytes memory outPlain) = address(plain).call(call);
        Vm.Log[] memory logsPlain = vm.getRecordedLogs();
        vm.assertEq(okLean, okPlain, "success");
        vm.assertEq(keccak256(outLean), keccak256(outPlain), "return or revert data");
        if (compareLogs) {
            bytes32[] memory a = _ownLogs(logsLean, address(mall));
            bytes32[] memory b = _ownLogs(logsPlain, address(plain));
            vm.assertEq(keccak256(abi.encode(a)), keccak256(abi.encode(b)), "mall logs");
        }
        return okLean;
    }

    /// @dev The hash of each log `emitter` wrote: topics and data.
    function _ownLogs(Vm.Log[] memory logs, address emitter) internal pure returns (bytes32[] memory out) {
        out = new bytes32[](logs.length);
        uint256 n;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == emitter) out[n++] = keccak256(abi.encode(logs[i].topics, logs[i].data));
        }
        assembly {
            mstore(out, n)
        }
    }

    function _sameState() internal view {
        for (uint256 i; i < 2; ++i) {
            vm.assertEq(token.balanceOf(buyers[i]), plainToken.balanceOf(buyers[i]), "balance");
        }
        vm.assertEq(token.totalSupply(), plainToken.totalSupply(), "supply");
        vm.assertEq(token.refundReserve(), plainToken.refundReserve(), "refund reserve");
        for (uint32 id = 1; id <= skus; ++id) {
            vm.assertEq(keccak256(abi.encode(mall.sku(id))), keccak256(abi.encode(plain.sku(id))), "SKU");
            for (uint256 i; i < 2; ++i) {
                vm.assertEq(mall.purchased(id, buyers[i]), plain.purchased(id, buyers[i]), "wallet count");
            }
        }
        for (uint64 id = 1; id <= orders; ++id) {
            vm.assertEq(keccak256(abi.encode(mall.order(id))), keccak256(abi.encode(plain.order(id))), "order");
            vm.assertEq(keccak256(abi.encode(mall.orderLines(id))), keccak256(abi.encode(plain.orderLines(id))), "lines");
        }
    }
}
