// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPointsMall} from "../interfaces/IPointsMall.sol";
import {Fixture} from "./helpers/Fixture.t.sol";

/// @dev Fuzz tests of redemption: the price bound, stock, wallet limits and refunds.
contract PointsMallFuzzTest is Fixture {
    uint32 internal categoryId;

    function setUp() public {
        deploySystem(0);
        categoryId = newCategory();
    }

    function testFuzz_redeemChargesPriceTimesQtyAndNeverMoreThanTheBound(
        uint40 price,
        uint16 qty,
        uint40 maxPrice
    ) public {
        price = uint40(bound(price, 1, 1e6));
        qty = uint16(bound(qty, 1, 1000));
        maxPrice = uint40(bound(maxPrice, 0, 2e6));
        uint32 skuId = newSku(categoryId, price, 1000, 0);
        give(alice, uint256(price) * qty);

        if (price > maxPrice) {
            vm.expectRevert(abi.encodeWithSelector(IPointsMall.PriceAboveMax.selector, skuId, price, maxPrice));
        }
        vm.prank(alice);
        mall.redeem(skuId, qty, maxPrice);
        if (price <= maxPrice) {
            vm.assertEq(token.balanceOf(alice), 0, "paid price x qty");
            vm.assertEq(mall.sku(skuId).stock, 1000 - qty, "stock");
            vm.assertEq(mall.order(1).pointsPaid, uint256(price) * qty, "order records points");
        }
    }

    function testFuzz_redeemNeverSellsMoreThanTheStock(uint40 stock, uint16 qty) public {
        stock = uint40(bound(stock, 0, 500));
        qty = uint16(bound(qty, 1, 1000));
        uint32 skuId = newSku(categoryId, 1, stock, 0);
        give(alice, qty);
        if (qty > stock) {
            vm.expectRevert(abi.encodeWithSelector(IPointsMall.InsufficientStock.selector, skuId, stock, qty));
        }
        vm.prank(alice);
        mall.redeem(skuId, qty, 1);
        IPointsMall.SkuView memory s = mall.sku(skuId);
        vm.assertEq(uint256(s.stock) + s.sold, stock, "stock + sold");
    }

    function testFuzz_walletLimitCountsEveryOrderOfTheWallet(uint24 limit, uint16 first, uint16 second) public {
        limit = uint24(bound(limit, 1, 100));
        first = uint16(bound(first, 1, limit));
        second = uint16(bound(second, 1, 100));
        uint32 skuId = newSku(categoryId, 1, 1000, limit);
        give(alice, uint256(first) + second);
        vm.prank(alice);
        mall.redeem(skuId, first, 1);
        if (uint256(first) + second > limit) {
            vm.expectRevert(
                abi.encodeWithSelector(IPointsMall.WalletLimitExceeded.selector, skuId, limit, first, second)
            );
        }
        vm.prank(alice);
        mall.redeem(skuId, second, 1);
    }

    function testFuzz_cancelRefundsExactlyThePointsPaidOnce(uint40 price, uint16 qty) public {
        price = uint40(bound(price, 1, 1e6));
        qty = uint16(bound(qty, 1, 50));
        uint32 skuId = newSku(categoryId, price, 100, 0);
        uint256 paid = uint256(price) * qty;
        give(alice, paid + 7);
        vm.prank(alice);
        uint64 orderId = mall.redeem(skuId, qty, price);
        vm.assertEq(token.balanceOf(alice), 7, "after redeem");

        vm.prank(fulfiller);
        mall.cancel(orderId, bytes32("out of stock"));
        vm.assertEq(token.balanceOf(alice), paid + 7, "refunded exactly");
        vm.assertEq(mall.sku(skuId).stock, 100, "stock restored");

        vm.expectRevert(
            abi.encodeWithSelector(IPointsMall.OrderNotPlaced.selector, orderId, IPointsMall.OrderStatus.Cancelled)
        );
        vm.prank(fulfiller);
        mall.cancel(orderId, bytes32("again"));
        vm.assertEq(token.balanceOf(alice), paid + 7, "no second refund");
    }
}
