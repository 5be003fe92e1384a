// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPointsMall} from "../interfaces/IPointsMall.sol";
import {PointsMall} from "../PointsMall.sol";
import {PointsToken} from "../PointsToken.sol";
import {Fixture} from "./helpers/Fixture.t.sol";
import {TestBase} from "./helpers/TestBase.t.sol";

/// @dev What the invariant runner calls at random: every way points and stock move, by the roles
/// that may move them, with ghost totals of what each call did when it succeeded.
contract SystemHandler is TestBase {
    PointsToken internal immutable token;
    PointsMall internal immutable mall;
    address internal immutable issuer;
    address internal immutable fulfiller;
    address internal immutable catalog;
    address internal immutable admin;

    address[] public actors;
    uint32[] public skus;

    uint256 public issued;
    uint256 public burned;
    uint256 public refunded;
    uint256 public quotaGiven;
    uint256 public batchCount;
    mapping(uint32 skuId => uint256 units) public supplied;
    mapping(uint64 orderId => uint256 times) public refunds;
    uint64 public maxRefundsPerOrder;

    /// @dev The SKUs come in the constructor: a set-up function would be one more for the runner
    /// to call (it picks senders among the addresses it has seen, the test's own included).
    constructor(
        PointsToken token_,
        PointsMall mall_,
        address[6] memory roles,
        uint256 initialQuota,
        uint32[] memory skuIds,
        uint256[] memory stocks
    ) {
        (token, mall, issuer, fulfiller, catalog, admin) = (token_, mall_, roles[0], roles[1], roles[2], roles[3]);
        actors.push(roles[4]);
        actors.push(roles[5]);
        actors.push(address(0xC0FFEE));
        quotaGiven = initialQuota;
        for (uint256 i; i < skuIds.length; ++i) {
            skus.push(skuIds[i]);
            supplied[skuIds[i]] = stocks[i];
        }
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function skuCount() external view returns (uint256) {
        return skus.length;
    }

    function issue(uint256 actorSeed, uint256 amount) external {
        amount = bound(amount, 1, 1e6);
        if (amount > token.issuerQuota(issuer)) return;
        vm.prank(issuer);
        token.issue(_actor(actorSeed), amount, bytes32("handler"));
        issued += amount;
    }

    function issueBatch(uint256 seed, uint8 count) external {
        uint256 n = bound(count, 1, 3);
        address[] memory to = new address[](n);
        uint256[] memory amounts = new uint256[](n);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            to[i] = _actor(seed >> (8 * i));
            amounts[i] = bound(uint256(keccak256(abi.encode(seed, i))), 1, 1e5);
            total += amounts[i];
        }
        if (total > token.issuerQuota(issuer)) return;
        vm.prank(issuer);
        token.issueBatch(to, amounts, bytes32(++batchCount));
        issued += total;
    }

    function setQuota(uint256 quota) external {
        quota = bound(quota, 0, 1e9);
        uint256 previous = token.issuerQuota(issuer);
        vm.prank(admin);
        token.setIssuerQuota(issuer, quota);
        quotaGiven = quotaGiven + quota - previous;
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        uint256 balance = token.balanceOf(from);
        if (balance == 0) return;
        amount = bound(amount, 1, balance);
        vm.prank(from);
        token.transfer(_actor(toSeed), amount);
    }

    function redeem(uint256 actorSeed, uint256 skuSeed, uint16 qty) external {
        address buyer = _actor(actorSeed);
        uint32 skuId = skus[skuSeed % skus.length];
        IPointsMall.SkuView memory s = mall.sku(skuId);
        qty = uint16(bound(qty, 1, 5));
        uint256 cost = uint256(s.price) * qty;
        if (qty > s.stock || cost > token.balanceOf(buyer)) return;
        if (s.perWalletLimit != 0 && mall.purchased(skuId, buyer) + qty > s.perWalletLimit) return;
        vm.prank(buyer);
        mall.redeem(skuId, qty, s.price);
        burned += cost;
    }

    function fulfil(uint256 orderSeed) external {
        (,,, uint64 orders) = mall.counts();
        if (orders == 0) return;
        uint64 orderId = uint64(orderSeed % orders) + 1;
        if (mall.order(orderId).status != IPointsMall.OrderStatus.Placed) return;
        vm.prank(fulfiller);
        mall.fulfil(orderId, bytes32("shipped"));
    }

    /// @dev Tries any order, in any status: only a Placed one may refund.
    function cancel(uint256 orderSeed) external {
        (,,, uint64 orders) = mall.counts();
        if (orders == 0) return;
        uint64 orderId = uint64(orderSeed % orders) + 1;
        IPointsMall.OrderView memory o = mall.order(orderId);
        uint256 before = token.balanceOf(o.buyer);
        vm.prank(fulfiller);
        try mall.cancel(orderId, bytes32("cancel")) {
            refunded += o.pointsPaid;
            uint256 times = ++refunds[orderId];
            if (times > maxRefundsPerOrder) maxRefundsPerOrder = uint64(times);
            require(token.balanceOf(o.buyer) == before + o.pointsPaid, "refund is the points paid");
        } catch {
            require(o.status != IPointsMall.OrderStatus.Placed, "a Placed order must cancel");
        }
    }

    function restock(uint256 skuSeed, uint40 added) external {
        uint32 skuId = skus[skuSeed % skus.length];
        added = uint40(bound(added, 1, 100));
        vm.prank(catalog);
        mall.restock(skuId, added);
        supplied[skuId] += added;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }
}

/// @dev The books always balance, whatever sequence of calls the runner makes.
contract SystemInvariantTest is Fixture {
    SystemHandler internal handler;

    function setUp() public {
        deploySystem(0);
        uint32 categoryId = newCategory();
        uint32[] memory skuIds = new uint32[](3);
        uint256[] memory stocks = new uint256[](3);
        (skuIds[0], stocks[0]) = (newSku(categoryId, 3, 40, 0), 40);
        (skuIds[1], stocks[1]) = (newSku(categoryId, 50, 10, 2), 10);
        (skuIds[2], stocks[2]) = (newSku(categoryId, 1, 0, 0), 0);
        handler = new SystemHandler(token, mall, [issuer, fulfiller, catalog, admin, alice, bob], ISSUER_QUOTA, skuIds, stocks);
        targetContract(address(handler));
    }

    function invariant_supplyEqualsTheSumOfBalances() public view {
        uint256 sum;
        for (uint256 i; i < handler.actorCount(); ++i) {
            sum += token.balanceOf(handler.actors(i));
        }
        vm.assertEq(token.totalSupply(), sum, "totalSupply == sum of balances");
    }

    function invariant_supplyEqualsIssuedMinusBurnedPlusRefunded() public view {
        vm.assertEq(
            token.totalSupply(),
            handler.issued() - handler.burned() + handler.refunded(),
            "totalSupply == issued - burned + refunded"
        );
        vm.assertEq(token.refundable(address(mall)), handler.burned() - handler.refunded(), "refundable");
    }

    function invariant_stockPlusSoldEqualsWhatWasSupplied() public view {
        for (uint256 i; i < handler.skuCount(); ++i) {
            uint32 skuId = handler.skus(i);
            IPointsMall.SkuView memory s = mall.sku(skuId);
            vm.assertEq(uint256(s.stock) + s.sold, handler.supplied(skuId), "stock + sold == supplied");
        }
    }

    function invariant_anOrderIsRefundedAtMostOnce() public view {
        vm.assertLe(handler.maxRefundsPerOrder(), 1, "refunds per order");
    }

    function invariant_quotaIsWhatWasGivenLessWhatWasIssued() public view {
        vm.assertEq(token.issuerQuota(issuer), handler.quotaGiven() - handler.issued(), "quota == given - issued");
    }
}
