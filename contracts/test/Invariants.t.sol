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
    uint256 public finalized;
    uint256 public capRefusals;
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

    /// @dev The first broken expectation of any handler call. The runner ignores reverts inside
    /// the handler (failOnRevert is off, so that calls the system refuses are fine), so a handler
    /// records what it finds wrong and an invariant asserts that nothing was.
    string public violation;

    function _expect(bool condition, string memory what) internal {
        if (!condition && bytes(violation).length == 0) violation = what;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function skuCount() external view returns (uint256) {
        return skus.length;
    }

    /// @dev Issues up to a little past the cap now and then: what the cap refuses is counted, and
    /// a refusal is only ever because supply + reserve + amount would pass the cap.
    function issue(uint256 actorSeed, uint256 amount) external {
        amount = bound(amount, 1, 3_000);
        if (amount > token.issuerQuota(issuer)) return;
        bool fits = token.totalSupply() + token.refundReserve() + amount <= token.supplyCap();
        vm.prank(issuer);
        try token.issue(_actor(actorSeed), amount, bytes32("handler")) {
            _expect(fits, "issued past the cap");
            issued += amount;
        } catch {
            _expect(!fits, "refused within the cap");
            ++capRefusals;
        }
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
        bool fits = token.totalSupply() + token.refundReserve() + total <= token.supplyCap();
        vm.prank(issuer);
        try token.issueBatch(to, amounts, bytes32(++batchCount)) {
            _expect(fits, "batch issued past the cap");
            issued += total;
        } catch {
            _expect(!fits, "batch refused within the cap");
            ++capRefusals;
        }
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

    /// @dev A cart of the first `count` SKUs (1 to 3), one unit each, when the buyer can pay.
    function redeemCart(uint256 actorSeed, uint8 count) external {
        address buyer = _actor(actorSeed);
        uint256 n = bound(count, 1, skus.length);
        IPointsMall.CartLine[] memory lines = new IPointsMall.CartLine[](n);
        uint256 cost;
        for (uint256 i; i < n; ++i) {
            IPointsMall.SkuView memory s = mall.sku(skus[i]);
            if (s.stock == 0) return;
            if (s.perWalletLimit != 0 && mall.purchased(skus[i], buyer) + 1 > s.perWalletLimit) return;
            lines[i] = IPointsMall.CartLine({skuId: skus[i], qty: 1, maxPricePerUnit: s.price});
            cost += s.price;
        }
        if (cost > token.balanceOf(buyer)) return;
        vm.prank(buyer);
        mall.redeemCart(lines);
        burned += cost;
    }

    function fulfil(uint256 orderSeed) external {
        (,,, uint64 orders) = mall.counts();
        if (orders == 0) return;
        uint64 orderId = uint64(orderSeed % orders) + 1;
        if (mall.order(orderId).status != IPointsMall.OrderStatus.Placed) return;
        vm.prank(fulfiller);
        mall.fulfil(orderId, bytes32("shipped"));
        finalized += mall.order(orderId).pointsPaid;
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
            _expect(token.balanceOf(o.buyer) == before + o.pointsPaid, "refund is the points paid");
        } catch {
            _expect(o.status != IPointsMall.OrderStatus.Placed, "a Placed order must cancel");
        }
    }

    /// @dev Now and then up to the 40-bit edge: what fits is restocked, what does not is refused,
    /// and no restock may ever make a cancel impossible (see `cancel`).
    function restock(uint256 skuSeed, uint40 added) external {
        uint32 skuId = skus[skuSeed % skus.length];
        added = uint40(bound(added, 1, added % 4 == 0 ? type(uint40).max : 100));
        IPointsMall.SkuView memory s = mall.sku(skuId);
        bool fits = uint256(s.stock) + s.sold + added <= type(uint40).max;
        vm.prank(catalog);
        try mall.restock(skuId, added) {
            _expect(fits, "restocked past 2^40 - 1");
            supplied[skuId] += added;
        } catch {
            _expect(!fits, "a restock that fits was refused");
        }
    }

    /// @dev The points of the orders still Placed: what a cancel could give back.
    function pointsInOpenOrders() external view returns (uint256 sum) {
        (,,, uint64 orders) = mall.counts();
        for (uint64 id = 1; id <= orders; ++id) {
            IPointsMall.OrderView memory o = mall.order(id);
            if (o.status == IPointsMall.OrderStatus.Placed) sum += o.pointsPaid;
        }
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }
}

/// @dev The books always balance, whatever sequence of calls the runner makes.
contract SystemInvariantTest is Fixture {
    SystemHandler internal handler;

    /// @dev A small cap, so that issuance meets it often and redeem / re-issue / cancel cycles run
    /// against it.
    uint256 internal constant CAP = 20_000;

    function setUp() public {
        deploySystem(CAP);
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
        vm.assertEq(
            token.refundable(address(mall)),
            handler.burned() - handler.refunded() - handler.finalized(),
            "refundable == burned - refunded - finalized"
        );
    }

    function invariant_theReserveHoldsExactlyThePointsOfOpenOrders() public view {
        vm.assertEq(token.refundReserve(), handler.pointsInOpenOrders(), "reserve == points of Placed orders");
        vm.assertEq(token.refundReserve(), token.refundable(address(mall)), "reserve == the mall's refundable");
    }

    /// @dev The cap means the most points in existence at once, counting what open orders may give
    /// back: no cycle of redeem, issue up to the cap and cancel ever passes it.
    function invariant_supplyPlusReserveNeverPassesTheCap() public view {
        vm.assertLe(token.totalSupply() + token.refundReserve(), CAP, "supply + reserve <= cap");
    }

    function invariant_stockPlusSoldEqualsWhatWasSupplied() public view {
        for (uint256 i; i < handler.skuCount(); ++i) {
            uint32 skuId = handler.skus(i);
            IPointsMall.SkuView memory s = mall.sku(skuId);
            vm.assertEq(uint256(s.stock) + s.sold, handler.supplied(skuId), "stock + sold == supplied");
        }
    }

    function invariant_everyHandlerExpectationHeld() public view {
        vm.assertEq(keccak256(bytes(handler.violation())), keccak256(""), handler.violation());
    }

    function invariant_anOrderIsRefundedAtMostOnce() public view {
        vm.assertLe(handler.maxRefundsPerOrder(), 1, "refunds per order");
    }

    function invariant_quotaIsWhatWasGivenLessWhatWasIssued() public view {
        vm.assertEq(token.issuerQuota(issuer), handler.quotaGiven() - handler.issued(), "quota == given - issued");
    }
}
